/** After the clock stops: every member received a rekey to `epoch`, and it unwraps to the committed key. */
import { fromBase64Url } from "../shared/bytes.ts";
import { unwrapSessionKey, verifySessionKeyCommitment } from "../shared/key-delivery.ts";
import { parseServerFrame } from "../shared/protocol/parse.ts";
import type { BenchClient } from "./server-bench-clients.ts";

export async function verifyRekeys(clients: BenchClient[], epoch: number): Promise<void> {
  let commitment: string | undefined;
  await Promise.all(
    clients.map(async (client) => {
      const message = client.rekeys
        .map((r) => parseServerFrame(r.data))
        .find((m) => m.type === "rekey" && m.epoch === epoch);
      if (message?.type !== "rekey")
        throw new Error(`a member received no rekey to epoch ${epoch}`);
      commitment ??= message.commitment;
      if (message.commitment !== commitment) throw new Error("members received different keys");
      const key = await unwrapSessionKey(client.member.encPrivate, fromBase64Url(message.wrapped));
      await verifySessionKeyCommitment(
        message.groupId,
        epoch,
        key,
        fromBase64Url(message.commitment),
      );
    }),
  );
}
