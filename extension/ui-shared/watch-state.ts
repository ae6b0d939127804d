/**
 * Live updates for the pages: the background writes every change (group states, keys, lock)
 * to storage, so the pages re-read the state whenever storage changes.
 */
import browser from "webextension-polyfill";
import type { UiState } from "../messages/ui-messages.ts";
import { request } from "./request.ts";

export function watchState(
  render: (state: UiState) => void,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let pending = false;
  let again = false;
  const refresh = async () => {
    if (pending) {
      again = true;
      return;
    }
    pending = true;
    try {
      do {
        again = false;
        render((await request({ type: "get-state" })).state);
      } while (again);
    } catch (error) {
      onError(error);
    } finally {
      pending = false;
    }
  };
  browser.storage.onChanged.addListener(() => void refresh());
  void refresh();
  return refresh;
}
