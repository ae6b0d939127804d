/** TLS files read and checked together: a usable pair, and a clear error for each way it can be wrong. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  EXPIRY_WARNING_MS,
  expiryWarning,
  readTlsFiles,
  tlsStamp,
} from "../../server/net/tls-files.ts";
import { tempDir } from "./helpers/server-process.ts";
import { HAVE_OPENSSL, makeCert } from "./helpers/tls-cert.ts";

const skip = !HAVE_OPENSSL && "needs openssl";

test("a matching pair reads with its subject and expiry; a chain file serves its first certificate", {
  skip,
}, () => {
  const dir = tempDir();
  const a = makeCert(dir, "a.example", 30);
  const b = makeCert(dir, "b.example", 30);
  const files = readTlsFiles(a);
  assert.equal(files.subject, "a.example");
  const days = (files.notAfter.getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 29 && days <= 30.01, `expires in ${days} days`);
  assert.equal(files.stamp, tlsStamp(a));
  const chain = join(dir, "fullchain.pem");
  spawnSync("sh", ["-c", `cat "${a.cert}" "${b.cert}" > "${chain}"`]);
  assert.equal(readTlsFiles({ cert: chain, key: a.key }).subject, "a.example");
});

test("each unusable pair is refused with a message naming the file and never its contents", {
  skip,
}, () => {
  const dir = tempDir();
  const a = makeCert(dir, "a.example");
  const b = makeCert(dir, "b.example");
  const garbage = join(dir, "garbage.pem");
  writeFileSync(
    garbage,
    "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n",
  );
  const encrypted = join(dir, "encrypted.key");
  const made = spawnSync("openssl", [
    "pkey",
    "-in",
    a.key,
    "-out",
    encrypted,
    "-aes256",
    "-passout",
    "pass:secret",
  ]);
  assert.equal(made.status, 0);
  const traditional = join(dir, "traditional.key");
  const madeOld = spawnSync("openssl", [
    "ec",
    "-in",
    a.key,
    "-out",
    traditional,
    "-aes256",
    "-passout",
    "pass:secret",
  ]);
  assert.equal(madeOld.status, 0);
  const cases: Array<[{ cert: string; key: string }, string, RegExp]> = [
    [
      { cert: join(dir, "missing.crt"), key: a.key },
      "NOT_FOUND",
      /cannot read the TLS certificate .*missing\.crt \(ENOENT\)/,
    ],
    [
      { cert: a.cert, key: join(dir, "missing.key") },
      "NOT_FOUND",
      /cannot read the TLS key .*missing\.key \(ENOENT\)/,
    ],
    [{ cert: garbage, key: a.key }, "INVALID_ARGUMENT", /garbage\.pem is not a PEM certificate/],
    [{ cert: a.key, key: a.key }, "INVALID_ARGUMENT", /is not a PEM certificate/],
    [{ cert: a.cert, key: a.cert }, "INVALID_ARGUMENT", /a\.example\.crt is not a PEM private key/],
    [
      { cert: a.cert, key: encrypted },
      "INVALID_ARGUMENT",
      /encrypted\.key is encrypted: give the key without a passphrase/,
    ],
    [{ cert: a.cert, key: traditional }, "INVALID_ARGUMENT", /traditional\.key is encrypted/],
    [
      { cert: a.cert, key: b.key },
      "INVALID_ARGUMENT",
      /the TLS key .*b\.example\.key does not belong to the certificate .*a\.example\.crt/,
    ],
  ];
  for (const [paths, code, message] of cases) {
    assert.throws(
      () => readTlsFiles(paths),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, code, error.message);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /BEGIN|PRIVATE/);
        return true;
      },
    );
  }
});

test("a certificate is warned about when it has expired or expires within the warning time", {
  skip,
}, () => {
  const dir = tempDir();
  const files = readTlsFiles(makeCert(dir, "soon", 30));
  const at = (msBeforeExpiry: number) =>
    expiryWarning(files, files.notAfter.getTime() - msBeforeExpiry);
  assert.equal(at(EXPIRY_WARNING_MS + 1000), undefined);
  assert.match(at(EXPIRY_WARNING_MS - 1000) ?? "", /expires in 14 day\(s\): renew it/);
  assert.match(at(3 * 86_400_000) ?? "", /expires in 3 day\(s\)/);
  assert.match(at(0) ?? "", /has expired/);
  assert.match(at(-86_400_000) ?? "", /has expired/);
});

test("the stamp changes when a file is replaced and is empty when one is missing", { skip }, () => {
  const dir = tempDir();
  const a = makeCert(dir, "a.example");
  const b = makeCert(dir, "b.example");
  const before = tlsStamp(a);
  assert.notEqual(before, "");
  copyFileSync(b.cert, a.cert);
  assert.notEqual(tlsStamp(a), before);
  assert.equal(tlsStamp({ cert: join(dir, "gone"), key: a.key }), "");
});
