// Cross-check with Python's `cryptography` Fernet, the prototype's library (docs/design.md: readable
// both ways). Skipped, saying so, where python3 with `cryptography` is not installed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import * as v from "valibot";
import { fromHex, randomBytes, toBase64Url, toHex } from "../../shared/bytes.ts";
import {
  decodeFernetToken,
  encodeFernetToken,
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";

const SCRIPT = `
import json, sys
from cryptography.fernet import Fernet
req = json.load(sys.stdin)
f = Fernet(req["key"])
out = {"decrypted": [f.decrypt(t).hex() for t in req["tokens"]],
       "made": [f.encrypt(bytes.fromhex(h)).decode() for h in req["make"]]}
json.dump(out, sys.stdout)
`;
const Reply = v.object({ decrypted: v.array(v.string()), made: v.array(v.string()) });

const probe = spawnSync("python3", ["-c", "import cryptography.fernet"], { encoding: "utf8" });
const skip = probe.status === 0 ? false : "python3 with the cryptography package is not installed";

function python(request: {
  key: string;
  tokens: string[];
  make: string[];
}): v.InferOutput<typeof Reply> {
  const run = spawnSync("python3", ["-c", SCRIPT], {
    input: JSON.stringify(request),
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  return v.parse(Reply, JSON.parse(run.stdout));
}

describe("fernet vs Python cryptography", { skip }, () => {
  it("tokens travel both ways, arbitrary bytes of many lengths, empty included", async () => {
    const raw = generateFernetKey();
    const key = await importFernetKey(raw);
    const plains = [0, 1, 15, 16, 17, 31, 32, 33, 100, 280, 1000, 4096].map((n) => randomBytes(n));
    plains.push(Uint8Array.of(0xff, 0xfe, 0xc0, 0x80));
    const tokens: string[] = [];
    for (const p of plains) tokens.push(encodeFernetToken(await fernetEncrypt(key, p)));
    const reply = python({ key: toBase64Url(raw, true), tokens, make: plains.map(toHex) });
    assert.deepEqual(reply.decrypted, plains.map(toHex));
    assert.equal(reply.made.length, plains.length);
    for (const [i, token] of reply.made.entries()) {
      assert.deepEqual(await fernetDecrypt(key, decodeFernetToken(token)), plains[i]);
    }
    assert.deepEqual(fromHex(reply.decrypted[0] ?? "x"), new Uint8Array(0));
  });
});
