/**
 * `grypt decrypt`: stdin → stdout with every post token this member can read replaced by its
 * plaintext; the rest of the text is left exactly as it was. Tokens it cannot read stay, and a
 * note per token goes to stderr. Keys are refreshed first when a token needs an epoch not held.
 */
import { importFernetKey } from "../../../shared/fernet.ts";
import { type FoundToken, findPostTokens } from "../../../shared/find-post-tokens.ts";
import { decryptPost } from "../../../shared/post-token.ts";
import { type CliContext, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import type { StoredGroup } from "../member-state.ts";
import { refreshGroups } from "../refresh.ts";

export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * A post for a terminal: any group member writes it, and escape sequences in it would act on
 * the reader's terminal (retitle it, clear it, fake output). Control characters other than tab
 * and line breaks show as U+FFFD. Piped output keeps the plaintext exactly.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
export function inert(plaintext: string): string {
  return plaintext.replace(CONTROL, "\uFFFD");
}

/** Line numbers of positions asked in increasing order, counted in one pass over the text. */
function lineCounter(text: string): (index: number) => number {
  let line = 1;
  let next = text.indexOf("\n");
  return (index) => {
    for (; next !== -1 && next < index; next = text.indexOf("\n", next + 1)) line++;
    return line;
  };
}

export async function runDecrypt(ctx: CliContext): Promise<ExitCode> {
  const text = await ctx.io.readStdin(MAX_INPUT_BYTES);
  const found = findPostTokens(text);
  if (found.length === 0) {
    ctx.io.stdout(text);
    return EXIT.OK;
  }
  const file = await unlock(ctx);
  const groupOf = (t: FoundToken) => file.state.groups.find((g) => g.groupId === t.token.groupId);
  const held = (g: StoredGroup, epoch: number) => g.keys.some((k) => k.epoch === epoch);
  if (!ctx.args.offline) {
    const stale = new Set<StoredGroup>();
    for (const t of found) {
      const group = groupOf(t);
      if (group && !held(group, t.token.epoch)) stale.add(group);
    }
    if (stale.size > 0) await refreshGroups(ctx, file, [...stale]);
  }
  const keys = new Map<string, Promise<Awaited<ReturnType<typeof importFernetKey>>>>();
  let out = "";
  let at = 0;
  let unreadable = 0;
  const lineOf = lineCounter(text);
  for (const t of found) {
    out += text.slice(at, t.start);
    at = t.end;
    const group = groupOf(t);
    const stored = group?.keys.find((k) => k.epoch === t.token.epoch);
    let problem: string | undefined;
    if (!group) problem = `group ${t.token.groupId} is not one of yours`;
    else if (!stored) problem = `no key for epoch ${t.token.epoch} of ${group.groupName || group.groupId}`;
    else {
      const id = `${group.groupId}:${stored.epoch}`;
      if (!keys.has(id)) keys.set(id, importFernetKey(stored.key));
      try {
        const plaintext = await decryptPost(await keys.get(id)!, t.token);
        out += ctx.io.stdoutIsTerminal ? inert(plaintext) : plaintext;
        continue;
      } catch {
        problem = "damaged, or not made with the group's key";
      }
    }
    unreadable++;
    out += text.slice(t.start, t.end);
    ctx.io.stderr(`grypt: token on line ${lineOf(t.start)} left as is: ${problem}\n`);
  }
  out += text.slice(at);
  ctx.io.stdout(out);
  return unreadable > 0 ? EXIT.UNREADABLE : EXIT.OK;
}
