// How the checkin screen shows each outcome of a check-in: its mark (a picture beside the
// headline, which says it in words too) and what it tells besides the official.
import type { CheckInOutcome, CheckInRow } from "../ipc";
import type { MessageId } from "../messages";

/** The picture beside a row's headline. */
export type Mark = "done" | "date" | "cancelled" | "ask";

export interface OutcomeLook {
  readonly mark: Mark;
  /** What to do now, under the headline (the receptionist), when the kiosk cannot help. */
  readonly advice: MessageId | null;
  /** Whether the row says where to go and the place in the line (the citizen is checked in). */
  readonly here: boolean;
  /** Whether the row shows its reception date (the audience is not today). */
  readonly date: boolean;
}

export const OUTCOME_LOOK: Record<CheckInOutcome, OutcomeLook> = {
  "checked-in": { mark: "done", advice: null, here: true, date: false },
  "already-checked-in": { mark: "done", advice: null, here: true, date: false },
  // The date is in the headline.
  "other-day": { mark: "date", advice: null, here: false, date: false },
  cancelled: { mark: "cancelled", advice: null, here: false, date: true },
  unknown: { mark: "ask", advice: "checkin-ask-receptionist", here: false, date: false },
  unverified: { mark: "ask", advice: "checkin-show-receptionist", here: false, date: false },
};

/** `text` in three parts around the first `part` in it, so that the part can be shown larger. */
export function around(text: string, part: string): { before: string; part: string; after: string } {
  const at = part ? text.indexOf(part) : -1;
  return at < 0
    ? { before: text, part: "", after: "" }
    : { before: text.slice(0, at), part, after: text.slice(at + part.length) };
}

/** A row's place in the line, when the server told it (and only for a citizen checked in). */
export function placeInLine(row: CheckInRow): number | null {
  return OUTCOME_LOOK[row.outcome].here ? (row.place_in_line ?? null) : null;
}
