/**
 * Keeps the served TLS certificate current for a server that runs for years while its
 * certificate is renewed every few months: the files are checked every `checkMs` and read again
 * when they changed on disk (or at once with `reload()`, which SIGHUP calls). A new pair that
 * does not load (half written, key not matching) is logged and the current one kept; the next
 * check tries again. Connections already open keep the certificate they started with. An
 * expired or soon-expiring certificate is warned about at start and once a day.
 */

import { toWireError } from "../../shared/errors.ts";
import type { Logger } from "../log.ts";
import {
  expiryWarning,
  readTlsFiles,
  type TlsFiles,
  type TlsPaths,
  tlsStamp,
} from "./tls-files.ts";

export const DEFAULT_TLS_CHECK_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;

export interface TlsRefresh {
  /** Read the files now; true if the new pair is served from now on. */
  reload(): boolean;
  stop(): void;
}

export function startTlsRefresh(
  paths: TlsPaths,
  current: TlsFiles,
  apply: (files: TlsFiles) => void,
  log: Logger,
  checkMs = DEFAULT_TLS_CHECK_MS,
): TlsRefresh {
  let served = current;
  /** The stamp last tried, so a broken pair is reported once per change, not every check. */
  let tried = current.stamp;
  let warnedAt = Number.NEGATIVE_INFINITY;
  const warnExpiry = () => {
    const warning = expiryWarning(served);
    if (warning === undefined || Date.now() - warnedAt < DAY_MS) return;
    warnedAt = Date.now();
    log.warn(warning, { subject: served.subject, notAfter: served.notAfter.toISOString() });
  };
  const load = (stamp = tlsStamp(paths)): boolean => {
    tried = stamp;
    let files: TlsFiles;
    try {
      files = readTlsFiles(paths, stamp);
      apply(files);
    } catch (error) {
      log.warn("TLS certificate not reloaded; still serving the previous one", {
        why: toWireError(error).message,
      });
      return false;
    }
    served = files;
    warnedAt = Number.NEGATIVE_INFINITY;
    log.info("TLS certificate loaded", {
      subject: files.subject,
      notAfter: files.notAfter.toISOString(),
    });
    warnExpiry();
    return true;
  };
  warnExpiry();
  const timer = setInterval(() => {
    const stamp = tlsStamp(paths);
    if (stamp !== "" && stamp !== tried) load(stamp);
    else warnExpiry();
  }, checkMs);
  timer.unref();
  return { reload: () => load(), stop: () => clearInterval(timer) };
}
