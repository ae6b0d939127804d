/**
 * Not a test: an entry that package.test.ts builds beside the built commands, as
 * scripts/build-node.ts builds them, to see the built wrap pool start its built worker. Prints
 * {"wrapped": n, "unwrapsTo": true|false}: how many of three wraps the workers made, and whether
 * the first unwraps to the key.
 */
import { WrapPool } from "../../server/crypto/wrap-pool.ts";
import { wrapText } from "../../server/crypto/wrapped-chunk.ts";
import { fromBase64Url, randomBytes } from "../../shared/bytes.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { unwrapSessionKey } from "../../shared/key-delivery.ts";

const { identity } = await generateIdentity();
const pool = new WrapPool(1);
const key = randomBytes(32);
const wraps: (string | undefined)[] = [];
await pool.wrapAll(
  key.slice(),
  [identity.encPublic, identity.encPublic, identity.encPublic],
  (chunk) => {
    for (let i = 0; i < chunk.count; i++) wraps[chunk.start + i] = wrapText(chunk, i);
  },
);
await pool.close();
const first = wraps[0];
const unwrapped = first && (await unwrapSessionKey(identity.encPrivate, fromBase64Url(first)));
const unwrapsTo = unwrapped !== undefined && Buffer.from(unwrapped).equals(key);
process.stdout.write(`${JSON.stringify({ wrapped: wraps.filter(Boolean).length, unwrapsTo })}\n`);
