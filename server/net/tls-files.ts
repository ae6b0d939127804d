/**
 * The TLS certificate and key for wss://, read and checked together: the certificate parses
 * (the first one of a chain file such as Let's Encrypt's fullchain.pem is the server's), the key
 * parses without a passphrase, and the two belong together. Errors name the file, never its
 * contents. What was read is kept with the files' identity (size, mtime, inode) so a renewal on
 * disk can be noticed (tls-refresh.ts).
 */
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { GryptError } from "../../shared/errors.ts";

export interface TlsPaths {
  cert: string;
  key: string;
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** The certificate's subject common name, or its whole subject when it has none. */
  subject: string;
  notAfter: Date;
  /** Size, mtime and inode of both files when read: a change means "read them again". */
  stamp: string;
}

/** A certificate expiring sooner than this is warned about in the log. */
export const EXPIRY_WARNING_MS = 14 * 24 * 3600 * 1000;

function readOne(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new GryptError("NOT_FOUND", `cannot read the TLS ${what} ${path} (${code})`);
  }
}

/** Size, mtime and inode of both files, or "" if either cannot be read. */
export function tlsStamp(paths: TlsPaths): string {
  try {
    return [paths.cert, paths.key]
      .map((path) => {
        const s = statSync(path);
        return `${s.size}:${s.mtimeMs}:${s.ino}`;
      })
      .join("/");
  } catch {
    return "";
  }
}

/** Read and check both files; `stamp` is their identity as the caller just saw it, if it did. */
export function readTlsFiles(paths: TlsPaths, stamp = tlsStamp(paths)): TlsFiles {
  const cert = readOne(paths.cert, "certificate");
  const key = readOne(paths.key, "key");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new GryptError("INVALID_ARGUMENT", `${paths.cert} is not a PEM certificate`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    // PKCS#8 "ENCRYPTED PRIVATE KEY", or the traditional form's "Proc-Type: 4,ENCRYPTED" header.
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(
      key.toString("latin1"),
    );
    throw new GryptError(
      "INVALID_ARGUMENT",
      encrypted
        ? `${paths.key} is encrypted: give the key without a passphrase`
        : `${paths.key} is not a PEM private key`,
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new GryptError(
      "INVALID_ARGUMENT",
      `the TLS key ${paths.key} does not belong to the certificate ${paths.cert}`,
    );
  }
  const subject = /^CN=(.*)$/m.exec(x509.subject)?.[1] ?? x509.subject.replace(/\n/g, ", ");
  return { cert, key, subject, notAfter: new Date(x509.validTo), stamp };
}

/** A warning for a certificate that has expired or expires soon, else undefined. */
export function expiryWarning(files: TlsFiles, now = Date.now()): string | undefined {
  const left = files.notAfter.getTime() - now;
  if (left <= 0)
    return "the TLS certificate has expired: clients will refuse to connect until it is renewed";
  if (left < EXPIRY_WARNING_MS)
    return `the TLS certificate expires in ${Math.ceil(left / (24 * 3600 * 1000))} day(s): renew it`;
  return undefined;
}
