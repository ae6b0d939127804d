/**
 * runtime.onMessage: requests from grypt's reading frames (in web pages' tabs) ask for their
 * post, requests from the extension's own pages are UI requests, requests from web pages'
 * content scripts are content requests. Both are parsed with valibot first; a
 * request that does not parse gets a MESSAGE_INVALID answer, never silence.
 */
import * as v from "valibot";
import type { WireError } from "../../shared/errors.ts";
import { ContentRequestSchema, type Failure } from "../messages/content-messages.ts";
import { ReaderOpenSchema } from "../messages/reader-messages.ts";
import { UiRequestSchema } from "../messages/ui-messages.ts";
import { browser } from "./browser-api.ts";
import { handleContentRequest } from "./content-requests.ts";
import { handleReaderOpen, isReaderFrame } from "./reader-requests.ts";
import { handleUiRequest } from "./ui-requests.ts";

interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

function invalid(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): WireError {
  return {
    code: "MESSAGE_INVALID",
    message: `invalid request: ${issues[0].message}`.slice(0, 300),
  };
}

function fromExtensionPage(sender: Sender): boolean {
  return (
    sender.id === browser.runtime.id &&
    typeof sender.url === "string" &&
    sender.url.startsWith(browser.runtime.getURL(""))
  );
}

export function routeMessage(message: unknown, sender: Sender): Promise<unknown> {
  if (sender.id !== browser.runtime.id) {
    return Promise.resolve({
      ok: false,
      error: { code: "MESSAGE_INVALID", message: "unknown sender" },
    });
  }
  // Before extension pages: a reading frame is one, but sits in a web page's tab.
  if (isReaderFrame(sender)) {
    const parsed = v.safeParse(ReaderOpenSchema, message);
    if (!parsed.success) {
      const failure: Failure = { type: "failure", error: invalid(parsed.issues) };
      return Promise.resolve(failure);
    }
    return handleReaderOpen(parsed.output, sender.tab!.id!);
  }
  if (fromExtensionPage(sender)) {
    const parsed = v.safeParse(UiRequestSchema, message);
    if (!parsed.success) return Promise.resolve({ ok: false, error: invalid(parsed.issues) });
    return handleUiRequest(parsed.output, sender.tab?.id);
  }
  const parsed = v.safeParse(ContentRequestSchema, message);
  if (!parsed.success) {
    const failure: Failure = { type: "failure", error: invalid(parsed.issues) };
    return Promise.resolve(failure);
  }
  return handleContentRequest(parsed.output);
}
