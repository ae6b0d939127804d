/** After the clock stops: every member's last rekey is for the new epoch and unwraps to the committed key. */
import { fromBase64Url } from "../shared/bytes.ts";
import { unwrapSessionKey, verifySessionKeyCommitment } from "../shared/key-delivery.ts";
import type { Rekey } from "../shared/protocol/messages.ts";
import { parseServerFrame } from "../shared/protocol/parse.ts";
import type { BenchClient } from "./server-bench-clients.ts";

export async function verifyRekeys(clients: BenchClient[], epoch: number): Promise<void> {
  let commitment: string | undefined;
  await Promise.all(
    clients.map(async (client) => {
      const last = client.rekeys.at(-1);
      if (!last) throw new Error("a member received no rekey");
      const message = parseServerFrame(last.data) as Rekey;
      if (message.type !== "rekey" || message.epoch !== epoch) throw new Error(`expected a rekey to epoch ${epoch}`);
      commitment ??= message.commitment;
      if (message.commitment !== commitment) throw new Error("members received different keys");
      const key = await unwrapSessionKey(client.member.encPrivate, fromBase64Url(message.wrapped));
      await verifySessionKeyCommitment(message.groupId, epoch, key, fromBase64Url(message.commitment));
    }),
  );
}
