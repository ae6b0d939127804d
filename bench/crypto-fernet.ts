/** Fernet, base62 armor and token finding: the work behind every post encrypted or shown. */
import { armor, dearmor } from "../shared/base62-armor.ts";
import { randomBytes } from "../shared/bytes.ts";
import {
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../shared/fernet.ts";
import { findPostTokens } from "../shared/find-post-tokens.ts";
import { encryptPost, formatPostToken, parsePostToken } from "../shared/post-token.ts";
import type { BenchRow } from "./bench-row.ts";
import { measure } from "./measure.ts";

const FILLER =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit: sed do eiusmod (tempor) incididunt. ";

/** About `bytes` characters of prose with `tokens` post tokens spread evenly through it. */
function pageText(bytes: number, tokenTexts: string[]): string {
  const gap = Math.max(0, Math.floor(bytes / tokenTexts.length) - (tokenTexts[0]?.length ?? 0));
  const filler = FILLER.repeat(Math.ceil(gap / FILLER.length)).slice(0, gap);
  return tokenTexts.map((t) => `${filler}${t} `).join("");
}

export async function benchFernet(): Promise<BenchRow[]> {
  const key = await importFernetKey(generateFernetKey());
  const post = randomBytes(280);
  const token = await fernetEncrypt(key, post);
  const rows: BenchRow[] = [];
  rows.push(await measure("fernet encrypt 280 B", () => fernetEncrypt(key, post)));
  rows.push(await measure("fernet decrypt 280 B", () => fernetDecrypt(key, token)));
  rows.push(
    await measure("armor + format post token (280 B post)", () =>
      formatPostToken({ groupId: "G7xk2abcdefghijkl", epoch: 12, payload: token }),
    ),
  );
  rows.push(
    await measure("parse post token (280 B post)", () =>
      parsePostToken(formatPostToken({ groupId: "G7xk2", epoch: 1, payload: token })),
    ),
  );
  const big = randomBytes(65536);
  const bigArmor = armor(big);
  rows.push(
    await measure("armor 64 KB", () => armor(big), {
      note: "linear: 2048 independent 32-byte blocks",
    }),
  );
  rows.push(await measure("dearmor 64 KB", () => dearmor(bigArmor)));

  const tokens: string[] = [];
  for (let i = 0; i < 500; i++)
    tokens.push(await encryptPost(key, "G7xk2abcdefghijkl", 3, "x".repeat(280)));
  for (const [count, size] of [
    [50, 100_000],
    [500, 1_000_000],
  ] as const) {
    const text = pageText(size, tokens.slice(0, count));
    const found = findPostTokens(text).length;
    if (found !== count) throw new Error(`findPostTokens found ${found} of ${count}`);
    const label = `findPostTokens ${size / 1000} KB, ${count} tokens`;
    rows.push(await measure(label, () => findPostTokens(text), { note: `${text.length} chars` }));
  }
  const hostile = "grypt:a:1:".repeat(10_000);
  rows.push(
    await measure("findPostTokens 100 KB of near-misses", () => findPostTokens(hostile), {
      note: "grypt:a:1: repeated",
    }),
  );
  const invisible = tokens
    .slice(0, 50)
    .map((t) => t.replace(/(.{7})/g, "$1\u200B"))
    .join(" ");
  rows.push(
    await measure("findPostTokens 50 tokens full of U+200B", () => findPostTokens(invisible), {
      note: `${invisible.length} chars`,
    }),
  );
  return rows;
}
