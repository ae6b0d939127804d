/**
 * The server's log: one line per event, ISO timestamp, level, text and `key=value` fields.
 * Callers pass only names, fingerprints, epochs and addresses; values are quoted, and control
 * and bidi characters in them (and in the text) escaped as `\u{9b}`, so that a member-chosen
 * name can neither forge a log line nor act on the terminal that shows the log. Keys and
 * passwords are never handed to it.
 */
import { escapeUnsafe, quoteName } from "../shared/inert-text.ts";

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(text: string, fields?: LogFields): void;
  warn(text: string, fields?: LogFields): void;
  error(text: string, fields?: LogFields): void;
}

export interface LogSink {
  write(line: string): void;
}

const SAFE_VALUE = /^[A-Za-z0-9_.:/@+-]{1,120}$/;

function formatValue(value: string | number | boolean): string {
  const text = String(value);
  return SAFE_VALUE.test(text) ? text : quoteName(text.slice(0, 200));
}

export function formatLogLine(
  level: LogLevel,
  text: string,
  fields: LogFields = {},
  now = new Date(),
): string {
  let line = `${now.toISOString()} ${level.padEnd(5)} ${escapeUnsafe(text)}`;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) line += ` ${key}=${formatValue(value)}`;
  }
  return line;
}

/** A logger writing to `sink` (stderr by default); `quiet` drops info lines. */
export function createLogger(
  sink: LogSink = process.stderr,
  options: { quiet?: boolean } = {},
): Logger {
  const emit = (level: LogLevel, text: string, fields?: LogFields) => {
    if (options.quiet && level === "info") return;
    sink.write(`${formatLogLine(level, text, fields)}\n`);
  };
  return {
    info: (text, fields) => emit("info", text, fields),
    warn: (text, fields) => emit("warn", text, fields),
    error: (text, fields) => emit("error", text, fields),
  };
}

/** Short fingerprint for log lines: enough to name a member, short enough to read. */
export function shortFp(fingerprintHex: string): string {
  return fingerprintHex.slice(0, 16);
}
