/**
 * Post tokens: `grypt:<group id>:<epoch>:<payload>`, the one piece of text a group post is.
 * The group id is base62 (1..32 characters), the epoch decimal (1..2^31-1, no leading zeros),
 * the payload a Fernet token in base62 armor. The header is not covered by the Fernet MAC: an
 * altered group id or epoch only selects another key, under which the MAC fails.
 */
import { armor, armoredLength, dearmor, dearmoredLength } from "./base62-armor.ts";
import { assertBytes, utf8Decode, utf8Encode } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";
import { type FernetKey, fernetDecrypt, fernetEncrypt } from "./fernet.ts";
import {
  checkFernetTokenShape,
  fernetShapeProblem,
  fernetTokenLength,
  isFernetTokenLength,
} from "./fernet-format.ts";

export const POST_TOKEN_PREFIX = "grypt:";
export const MAX_EPOCH = 2 ** 31 - 1;
const GROUP_ID = /^[0-9A-Za-z]{1,32}$/;
const EPOCH = /^[1-9][0-9]{0,9}$/;
const POST_TOKEN = /^grypt:([^:]*):([^:]*):(.*)$/s;

export interface PostToken {
  groupId: string;
  epoch: number;
  /** Fernet token bytes. */
  payload: Uint8Array;
}

export function isGroupId(value: unknown): value is string {
  return typeof value === "string" && GROUP_ID.test(value);
}

export function isEpoch(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_EPOCH;
}

function checkHeader(groupId: unknown, epoch: unknown): void {
  check(isGroupId(groupId), "groupId must be 1..32 letters or digits");
  check(isEpoch(epoch), "epoch must be an integer in 1..2^31-1");
}

/**
 * Build a PostToken from the three text fields, or say what is wrong. Never throws: page text is
 * full of near-misses, and findPostTokens must stay cheap on them.
 */
export function postTokenFromParts(
  groupId: string,
  epochText: string,
  armored: string,
): PostToken | string {
  if (!GROUP_ID.test(groupId)) return "group id must be 1..32 letters or digits";
  if (!EPOCH.test(epochText)) return "epoch must be a decimal number without leading zeros";
  const epoch = Number(epochText);
  if (epoch > MAX_EPOCH) return "epoch must be at most 2^31-1";
  const length = dearmoredLength(armored.length);
  if (length < 0) return "payload armor has an impossible length";
  if (!isFernetTokenLength(length)) return "payload is not the length of a Fernet token";
  let payload: Uint8Array;
  try {
    payload = dearmor(armored);
  } catch (error) {
    return error instanceof GryptError ? `payload: ${error.message}` : "payload armor is invalid";
  }
  const problem = fernetShapeProblem(payload);
  return problem === undefined ? { groupId, epoch, payload } : `payload: ${problem}`;
}

export function formatPostToken(token: PostToken): string {
  check(typeof token === "object" && token !== null, "post token must be an object");
  checkHeader(token.groupId, token.epoch);
  checkFernetTokenShape(token.payload);
  return `${POST_TOKEN_PREFIX}${token.groupId}:${token.epoch}:${armor(token.payload)}`;
}

/** Parse exactly one post token (no surrounding text). Throws POST_TOKEN_INVALID. */
export function parsePostToken(text: string): PostToken {
  check(typeof text === "string", "post token text must be a string");
  const match = POST_TOKEN.exec(text);
  if (match === null)
    throw new GryptError(
      "POST_TOKEN_INVALID",
      "post token must look like grypt:<group id>:<epoch>:<payload>",
    );
  const result = postTokenFromParts(match[1]!, match[2]!, match[3]!);
  if (typeof result === "string")
    throw new GryptError("POST_TOKEN_INVALID", `post token is invalid: ${result}`);
  return result;
}

/** Characters a post of `plaintextByteLength` UTF-8 bytes becomes (to show against a site's limit). */
export function postTokenLength(
  groupId: string,
  epoch: number,
  plaintextByteLength: number,
): number {
  checkHeader(groupId, epoch);
  check(
    Number.isSafeInteger(plaintextByteLength) && plaintextByteLength >= 0,
    "plaintext byte length must be a non-negative integer",
  );
  const header = POST_TOKEN_PREFIX.length + groupId.length + 1 + String(epoch).length + 1;
  return header + armoredLength(fernetTokenLength(plaintextByteLength));
}

export async function encryptPost(
  key: FernetKey,
  groupId: string,
  epoch: number,
  plaintext: string,
): Promise<string> {
  checkHeader(groupId, epoch);
  check(typeof plaintext === "string", "plaintext must be a string");
  const payload = await fernetEncrypt(key, utf8Encode(plaintext));
  return formatPostToken({ groupId, epoch, payload });
}

/** Decrypt a post (no TTL: posts never expire). Throws the Fernet codes, or INVALID_ENCODING for non-UTF-8. */
export async function decryptPost(key: FernetKey, token: PostToken): Promise<string> {
  check(typeof token === "object" && token !== null, "post token must be an object");
  assertBytes(token.payload, "payload");
  return utf8Decode(await fernetDecrypt(key, token.payload));
}
