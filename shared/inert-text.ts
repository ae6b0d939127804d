/**
 * Untrusted text made inert before a terminal or a log line sees it. Names, server messages and
 * posts come from other people: control characters in them would act on the reader's terminal
 * (ESC and C1 sequences retitle it, clear it, move the cursor over earlier output), line breaks
 * would forge log lines, and bidi overrides reorder what is shown around them. One definition of
 * those characters serves the protocol's name rule, the server's log and admin output, and the
 * command line's output.
 */

/**
 * C0 controls (tab and line feed included), DEL, C1 controls, the line and paragraph separators,
 * and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same but for tab, line feed and the CR of a CRLF pair, which a multi-line text keeps. */
const UNSAFE_IN_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

export const REPLACEMENT = "\uFFFD";

/** True when `text` holds a character no name may hold (see UNSAFE). */
export function hasUnsafeCharacters(text: string): boolean {
  return text.search(UNSAFE) !== -1;
}

/** For a terminal, one line: every unsafe character (line breaks too) shows as U+FFFD. */
export function inertLine(text: string): string {
  return text.replace(UNSAFE, REPLACEMENT);
}

/** For a terminal, several lines (a post): as inertLine, but tabs, line feeds and CRLF stay. */
export function inertText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, REPLACEMENT);
}

/** For logs and admin output: every unsafe character as a visible escape, `\u{9b}`. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/**
 * A member-chosen name in double quotes for logs and admin output, so it cannot pass for
 * anything else: quotes and backslashes escaped as in JSON, unsafe characters as `\u{9b}`.
 */
export function quoteName(text: string): string {
  const body = text.replace(/["\\]/g, (c) => `\\${c}`);
  return `"${escapeUnsafe(body)}"`;
}

/**
 * JSON whose text holds no unsafe character: JSON.stringify escapes C0 controls already; DEL, C1,
 * the separators and bidi controls become `\u009b`-style escapes too (the same JSON value).
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
