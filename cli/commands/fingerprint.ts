/** `grypt fingerprint`: the member's fingerprint, for the admin to compare when approving. */
import { formatFingerprint } from "../../shared/identity.ts";
import { type CliContext, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";

export async function runFingerprint(ctx: CliContext): Promise<ExitCode> {
  const file = await unlock(ctx);
  const hex = file.identity.public.fingerprintHex;
  ctx.io.stdout(`${formatFingerprint(hex)}\n${hex}\n`);
  return EXIT.OK;
}
