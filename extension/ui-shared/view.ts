/** A part of a page that renders from the background's state snapshot. */
import type { UiState } from "../messages/ui-messages.ts";

export interface View {
  element: HTMLElement;
  update(state: UiState): void;
}
