/**
 * What a reading frame shows: the post's words (textContent only: markup and links in a post
 * stay inert text), marked as decrypted for the group, and on click or Enter the original token
 * and back; or a clear state when the post cannot be shown. The group's name appears only here,
 * where the page cannot read it.
 */
import type { ErrorCode } from "../../shared/errors.ts";
import type { ReaderAnswer } from "../messages/reader-messages.ts";
import { applyReaderStyle } from "./reader-style.ts";

const FAILURE_TEXT: Partial<Record<ErrorCode, string>> = {
  LOCKED: "grypt is locked: unlock it to read this post.",
  NOT_FOUND: "This post is no longer on the page.",
  TIMEOUT: "grypt did not answer: reload the page to read this post.",
  CONNECTION_CLOSED: "grypt did not answer: reload the page to read this post.",
};

export function showAnswer(post: HTMLElement, answer: ReaderAnswer, changed: () => void): void {
  post.classList.remove("loading");
  if (answer.type === "failure") {
    post.classList.add("failed");
    post.textContent = FAILURE_TEXT[answer.error.code] ?? "grypt could not read this post.";
    changed();
    return;
  }
  applyReaderStyle(document.body, answer.style);
  const plainTitle = `Decrypted by grypt for ${answer.groupName} (key epoch ${answer.epoch}). Click to show the original.`;
  let original = false;
  const render = (): void => {
    post.classList.toggle("original", original);
    post.textContent = original ? answer.token : answer.plaintext;
    post.title = original
      ? "grypt: the original post. Click to show the decrypted text."
      : plainTitle;
    changed();
  };
  post.tabIndex = 0;
  post.setAttribute("role", "button");
  post.addEventListener("click", () => {
    original = !original;
    render();
  });
  post.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    original = !original;
    render();
  });
  render();
}
