// What the application screen (seed Şəkil 9) shows of Rust's `ApplicationView`: the words of
// its status and of each timeline entry, the form's fields in the guide's order, and which
// comment the citizen just sent. Pure functions: the screen only renders them.
import type { ApplicationRow, ApplicationStatusView, ApplicationView, TimelineRow } from "../ipc";
import type { MessageId, Translate } from "../messages";

/** Every status in words (never shown by colour alone). */
export const STATUS_MESSAGE: Record<ApplicationStatusView, MessageId> = {
  booked: "application-status-booked",
  "in-review": "application-status-in-review",
  closed: "application-status-closed",
  cancelled: "application-status-cancelled",
  cancelling: "application-status-cancelling",
};

/** What an empty value shows: a dash, not a blank the eye has to look for twice. */
export const EMPTY = "—";

/** `value`, or the dash when there is nothing in it. */
export function shown(value: string | null | undefined): string {
  return value && value.trim() !== "" ? value : EMPTY;
}

/** The fields of the form, in the guide's order, each with its label. */
export type FieldKey =
  | "citizen_name"
  | "document"
  | "birth_date"
  | "topic"
  | "social_status"
  | "privilege"
  | "phone"
  | "email"
  | "workplace"
  | "position"
  | "address"
  | "note";

export const FIELDS: readonly { key: FieldKey; label: MessageId }[] = [
  { key: "citizen_name", label: "application-citizen-name" },
  { key: "document", label: "application-document" },
  { key: "birth_date", label: "application-birth-date" },
  { key: "topic", label: "application-topic" },
  { key: "social_status", label: "application-social-status" },
  { key: "privilege", label: "application-privilege" },
  { key: "phone", label: "application-phone" },
  { key: "email", label: "application-email" },
  { key: "workplace", label: "application-workplace" },
  { key: "position", label: "application-position" },
  { key: "address", label: "application-address" },
  { key: "note", label: "application-note" },
];

/** What a timeline entry says happened, in `t`'s language. */
export function eventText(row: TimelineRow, t: Translate): string {
  switch (row.kind) {
    case "applied":
      return t("application-event-applied");
    case "printed":
      return t("application-event-printed");
    case "status-changed":
      return row.status
        ? t("application-event-status-changed", { status: t(STATUS_MESSAGE[row.status]) })
        : t("application-event-status-changed", { status: EMPTY });
    case "reply":
      return t("application-event-reply");
    case "comment":
      return row.by_citizen ? t("application-event-comment-yours") : t("application-event-comment");
    case "cancelled":
      return t("application-event-cancelled");
    case "arrived":
      return t("application-event-arrived");
  }
}

/** The official as the confirmation names them: position, then name. */
export function officialOf(row: ApplicationRow): string {
  return [row.official_position, row.official_name].filter((s) => s.trim() !== "").join(" ");
}

/** The citizen's newest comment in `view`'s timeline (the one just sent), if any. */
export function lastOwnComment(view: ApplicationView): TimelineRow | undefined {
  for (let i = view.timeline.length - 1; i >= 0; i--) {
    const row = view.timeline[i];
    if (row.kind === "comment" && row.by_citizen) return row;
  }
  return undefined;
}
