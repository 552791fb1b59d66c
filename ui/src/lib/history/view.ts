// What the history screen (seed Şəkil 8 and 10) shows of Rust's `HistoryView`: the words of each
// status, the status toggles of the search, and the pages of the list. Pure: the screen renders.
import type { ApplicationRow, ApplicationStatusView, HistoryQueryView, StatusFilterView } from "../ipc";
import type { MessageId } from "../messages";

/** Applications on one page of the list. */
export const PAGE_SIZE = 5;

/** Every status in words (the badge's colour only repeats them). */
export const STATE_MESSAGE: Record<ApplicationStatusView, MessageId> = {
  booked: "history-state-booked",
  "in-review": "history-state-in-review",
  closed: "history-state-closed",
  cancelled: "history-state-cancelled",
  cancelling: "history-state-cancelling",
};

/** The status toggles, in the order shown: "all" is no filter. */
export const STATUS_CHOICES: readonly { filter: StatusFilterView | null; id: string; label: MessageId }[] = [
  { filter: null, id: "all", label: "history-status-all" },
  { filter: "active", id: "active", label: "status-active" },
  { filter: "closed", id: "closed", label: "status-closed" },
  { filter: "cancelled", id: "cancelled", label: "status-cancelled" },
];

/** The query that asks for everything: the tab's count, and "clear". */
export function everything(): HistoryQueryView {
  return { date: "", official: "", status: null };
}

/** Whether `query` searches for anything at all. */
export function searches(query: HistoryQueryView): boolean {
  return query.date.trim() !== "" || query.official.trim() !== "" || (query.status ?? null) !== null;
}

/** How many pages `count` applications take (one, when there are none). */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

/** `page` (0-based) kept within the pages of `count` applications. */
export function clampPage(page: number, count: number): number {
  return Math.min(Math.max(0, Math.trunc(page) || 0), pageCount(count) - 1);
}

/** The applications on `page` (0-based, clamped), in Rust's order. */
export function pageOf(rows: readonly ApplicationRow[], page: number): readonly ApplicationRow[] {
  const start = clampPage(page, rows.length) * PAGE_SIZE;
  return rows.slice(start, start + PAGE_SIZE);
}
