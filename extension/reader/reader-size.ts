/**
 * Tells the content script that made this frame how tall its text is, whenever that changes
 * (the text arrived, the frame got narrower or wider): window.postMessage to the parent. Only
 * the height and whether the post is shown: the page sees the frame's size anyway. The frame
 * itself listens to no window messages at all, so nothing the page posts reaches it.
 */
import { FRAME_SIZE_TYPE, type FrameSize } from "../messages/reader-messages.ts";

/** Starts reporting; returns the function that reports again at once (after a render). */
export function reportSize(post: HTMLElement, isShown: () => boolean): () => void {
  let last = "";
  const send = (): void => {
    const height = Math.ceil(post.getBoundingClientRect().bottom);
    const message: FrameSize = { type: FRAME_SIZE_TYPE, height, shown: isShown() };
    const key = `${height}:${message.shown}`;
    if (key === last) return;
    last = key;
    window.parent.postMessage(message, "*");
  };
  new ResizeObserver(send).observe(post);
  send();
  return send;
}
