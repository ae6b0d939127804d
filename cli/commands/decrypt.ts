/**
 * `grypt decrypt`: stdin → stdout with every post token this member can read replaced by its
 * plaintext; the rest of the input is left exactly as it was, byte for byte, UTF-8 or not. Tokens it cannot read stay, and a
 * note per token goes to stderr. Keys are refreshed first when a token needs an epoch not held.
 */
import { importFernetKey } from "../../shared/fernet.ts";
import { type FoundToken, findPostTokens } from "../../shared/find-post-tokens.ts";
import { inertText } from "../../shared/inert-text.ts";
import { decryptPost } from "../../shared/post-token.ts";
import { type CliContext, decodeUtf8Exactly, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { groupLabel } from "../group-label.ts";
import type { StoredGroup } from "../member-state.ts";
import { refreshGroups } from "../refresh.ts";

export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Line numbers of positions asked in increasing order, counted in one pass over the text. */
function lineCounter(text: string): (index: number) => number {
  let line = 1;
  let next = text.indexOf("\n");
  return (index) => {
    for (; next !== -1 && next < index; next = text.indexOf("\n", next + 1)) line++;
    return line;
  };
}

/**
 * The input as text to search, and how to turn a part of it back into output bytes. UTF-8 input
 * is searched as it is; anything else (Latin-1, binary) byte for byte, so it passes through
 * unchanged around the tokens, which are ASCII.
 */
function inputText(bytes: Uint8Array): { text: string; original: (part: string) => Buffer } {
  const text = decodeUtf8Exactly(bytes);
  if (text !== undefined) return { text, original: (part) => Buffer.from(part, "utf8") };
  return {
    text: Buffer.from(bytes).toString("latin1"),
    original: (part) => Buffer.from(part, "latin1"),
  };
}

export async function runDecrypt(ctx: CliContext): Promise<ExitCode> {
  const bytes = await ctx.io.readStdinBytes(MAX_INPUT_BYTES);
  const { text, original } = inputText(bytes);
  const found = findPostTokens(text);
  if (found.length === 0) {
    ctx.io.stdout(bytes);
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
  const out: Buffer[] = [];
  let at = 0;
  let unreadable = 0;
  const lineOf = lineCounter(text);
  for (const t of found) {
    out.push(original(text.slice(at, t.start)));
    at = t.end;
    const group = groupOf(t);
    const stored = group?.keys.find((k) => k.epoch === t.token.epoch);
    let problem: string | undefined;
    if (!group) problem = `group ${t.token.groupId} is not one of yours`;
    else if (!stored) problem = `no key for epoch ${t.token.epoch} of ${groupLabel(group)}`;
    else {
      const id = `${group.groupId}:${stored.epoch}`;
      if (!keys.has(id)) keys.set(id, importFernetKey(stored.key));
      try {
        const plaintext = await decryptPost(await keys.get(id)!, t.token);
        // A post on a terminal: any member writes it, and escape sequences, a lone CR or bidi
        // overrides in it would act on the terminal or rewrite the line (inert-text.ts).
        // Piped output keeps the plaintext exactly.
        out.push(Buffer.from(ctx.io.stdoutIsTerminal ? inertText(plaintext) : plaintext, "utf8"));
        continue;
      } catch {
        problem = "damaged, or not made with the group's key";
      }
    }
    unreadable++;
    out.push(original(text.slice(t.start, t.end)));
    ctx.io.stderr(`grypt: token on line ${lineOf(t.start)} left as is: ${problem}\n`);
  }
  out.push(original(text.slice(at)));
  ctx.io.stdout(Buffer.concat(out));
  return unreadable > 0 ? EXIT.UNREADABLE : EXIT.OK;
}
