/** `grypt encrypt`: stdin → one post token for a group, with the freshest key available. */
import { GryptError } from "../../shared/errors.ts";
import { importFernetKey } from "../../shared/fernet.ts";
import { inertLine } from "../../shared/inert-text.ts";
import { encryptPost } from "../../shared/post-token.ts";
import { type CliContext, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { groupLabel } from "../group-label.ts";
import { findGroup, storedKeys } from "../member-state.ts";
import { isFinal, refreshGroups } from "../refresh.ts";

export const MAX_PLAINTEXT_BYTES = 1024 * 1024;

export async function runEncrypt(ctx: CliContext): Promise<ExitCode> {
  const file = await unlock(ctx);
  const group = findGroup(file.state, ctx.args.group);
  const label = groupLabel(group);
  const input = await ctx.io.readStdin(MAX_PLAINTEXT_BYTES);
  const plaintext = input.replace(/\r?\n$/, "");
  if (plaintext === "")
    throw new GryptError("INVALID_ARGUMENT", "nothing to encrypt: stdin was empty");
  if (!ctx.args.offline && !isFinal(group)) {
    const result = (await refreshGroups(ctx, file, [group])).get(group);
    if (result?.status.state === "unreachable") {
      ctx.io.stderr(
        `grypt: ${label} not refreshed (${inertLine(result.status.error.message)}); using the stored key of epoch ${group.currentEpoch}\n`,
      );
    }
  }
  switch (group.state) {
    case "member":
      break;
    case "pending":
      throw new GryptError(
        "NOT_MEMBER",
        group.keys.length > 0
          ? `the server of ${label} no longer lists you as a member (removed?); a new join request waits for the admin`
          : `no key for ${label} yet: the admin has not approved you`,
      );
    case "denied":
      throw new GryptError("DENIED", `the admin of ${label} denied your request`);
    case "removed":
      throw new GryptError("REMOVED", `you were removed from ${label}`);
    case "key-mismatch":
      throw new GryptError(
        "SERVER_KEY_MISMATCH",
        `the server of ${label} presented another key than the pinned one`,
      );
    default: {
      const never: never = group.state;
      throw never;
    }
  }
  const key = storedKeys(group).find((k) => k.epoch === group.currentEpoch);
  if (!key)
    throw new GryptError(
      "UNKNOWN_EPOCH",
      `no key for the current epoch ${group.currentEpoch} of ${label}: run grypt status`,
    );
  const token = await encryptPost(
    await importFernetKey(key.key),
    group.groupId,
    key.epoch,
    plaintext,
  );
  ctx.io.stdout(`${token}\n`);
  return EXIT.OK;
}
