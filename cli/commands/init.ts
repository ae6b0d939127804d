/** `grypt init`: make the member's keys and store them in a new password-protected file. */
import { userInfo } from "node:os";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import { formatFingerprint, generateIdentity } from "../../shared/identity.ts";
import { DisplayName } from "../../shared/protocol/fields.ts";
import type { CliContext } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { createMemberFile, memberFileExists } from "../member-file.ts";
import { newPassword } from "../password.ts";

/** A display name: checked like the protocol checks it. */
export function checkName(name: string): string {
  const result = v.safeParse(DisplayName, name);
  if (!result.success)
    throw new GryptError("INVALID_ARGUMENT", `--name: ${result.issues[0].message}`);
  return result.output;
}

function loginName(): string {
  try {
    const name = userInfo().username.slice(0, 64);
    return v.is(DisplayName, name) ? name : "member";
  } catch {
    return "member";
  }
}

export async function runInit(ctx: CliContext): Promise<ExitCode> {
  const name = checkName(ctx.args.name ?? loginName());
  if (await memberFileExists(ctx.dataPath)) {
    throw new GryptError(
      "CONFLICT",
      `${ctx.dataPath} already exists and holds your keys; move it away first to make new ones`,
    );
  }
  const password = await newPassword(ctx.password);
  ctx.io.stderr("Making your keys...\n");
  const { identity, exported } = await generateIdentity();
  await createMemberFile(ctx.dataPath, password, exported, name);
  ctx.io.stdout(
    `Created your grypt keys in ${ctx.dataPath}\nName: ${name}\nFingerprint: ${formatFingerprint(identity.public.fingerprintHex)}\n`,
  );
  return EXIT.OK;
}
