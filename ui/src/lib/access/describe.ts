// What speech mode says about an item under the keypad's cursor, and how the texts of a screen
// are strung into one utterance. Pure: the page's facts in, words out (Rust speaks them, and
// reads "3 / 12" as "3 of 12", dates, numbers and masked characters in the session's language).
import type { MessageId, Translate } from "../messages";

/** An item's role, in words a citizen knows. */
export type ItemRole = "button" | "link" | "field" | "tab" | "choice" | "checkbox" | "switch" | "key";

/** What the page says about one item (dom.ts reads it). */
export interface ItemInfo {
  /** Its accessible name: aria-label, its label, or its visible text. */
  name: string;
  role: ItemRole;
  /** Chosen: a choice checked, a toggle pressed, the current tab. False only where "not chosen" is news (a choice). */
  selected?: boolean | null;
  /** A check box's state. */
  checked?: boolean | null;
  /** A switch's state. */
  on?: boolean | null;
  /** Disabled: it can be reached and heard, not used. */
  unavailable?: boolean;
  /** Refused (aria-invalid): its error is in `description`. */
  invalid?: boolean;
  /** A text field's value as shown ("" when empty); undefined for anything else. */
  value?: string;
  /** What aria-describedby points to (a hint, an error, the row an "edit" button edits). */
  description?: string;
  /** 1-based, among the screen's items. */
  position: number;
  total: number;
}

export const ROLE_MESSAGE: Record<ItemRole, MessageId> = {
  button: "speech-role-button",
  link: "speech-role-link",
  field: "speech-role-field",
  tab: "speech-role-tab",
  choice: "speech-role-choice",
  checkbox: "speech-role-checkbox",
  switch: "speech-role-switch",
  key: "speech-role-key",
};

/** Characters a speech engine may skip, named (the on-screen keyboard's keys). */
export const CHAR_MESSAGE: Record<string, MessageId> = {
  "-": "speech-char-hyphen",
  ".": "speech-char-dot",
  ",": "speech-char-comma",
  "/": "speech-char-slash",
  '"': "speech-char-quote",
  "@": "speech-char-at",
  _: "speech-char-underscore",
  "+": "speech-char-plus",
};

/** A text that ends a sentence (or introduces what follows) by itself. */
const ENDS = /[.!?…:;]$/u;
/** Pictures in text (arrows, ticks, crosses): shown, not said. */
const PICTURES = /[\u2190-\u21ff\u2713-\u2718\u25b2-\u25bc\u232b\u2423›‹]/gu;

/** `text` without pictures and with its spaces collapsed. */
export function clean(text: string): string {
  return text.replace(PICTURES, " ").replace(/\s+/g, " ").trim();
}

/**
 * Texts as sentences: each ends with a stop unless it has its own, joined by spaces; one of
 * `labels` ends with a colon instead (the value it names follows).
 */
export function sentences(parts: readonly (string | null | undefined)[], labels: ReadonlySet<string> = new Set()): string {
  const kept = parts.map((p) => clean(p ?? "")).filter((p) => p.length > 0);
  return kept.map((p, i) => (i < kept.length - 1 && !ENDS.test(p) ? `${p}${labels.has(p) ? ":" : "."}` : p)).join(" ");
}

/** The lines of a text shown on screen (innerText: one per block) as sentences. */
export function linesAsSentences(text: string, labels: ReadonlySet<string> = new Set()): string {
  return sentences(text.split(/\n+/), labels);
}

/** A name as said: a lone punctuation character by its name. */
export function spokenName(name: string, t: Translate): string {
  const trimmed = name.trim();
  const id = CHAR_MESSAGE[trimmed];
  return id ? t(id) : name;
}

/** Joins an item's parts by commas, or a space after a part that ends its own sentence. */
function listed(parts: readonly string[]): string {
  const kept = parts.map(clean).filter((p) => p.length > 0);
  return kept.reduce((all, p) => (all === "" ? p : `${all}${ENDS.test(all) ? " " : ", "}${p}`), "");
}

/**
 * What the cursor's item says: "Book an audience, button, 5 / 12"; "Your e-mail, text field,
 * empty, 9 / 20"; "Monday 07.12.2026, choice, selected, 6 / 20". Without `position` (for telling
 * whether an item changed) the last part is left out.
 */
export function describeItem(item: ItemInfo, t: Translate, withPosition = true): string {
  const parts: string[] = [spokenName(item.name, t), t(ROLE_MESSAGE[item.role])];
  if (item.role === "checkbox" && item.checked != null) {
    parts.push(t(item.checked ? "speech-state-checked" : "speech-state-not-checked"));
  } else if (item.role === "switch" && item.on != null) {
    parts.push(t(item.on ? "speech-state-on" : "speech-state-off"));
  } else if (item.selected === true) {
    parts.push(t("speech-state-selected"));
  } else if (item.selected === false && item.role === "choice") {
    parts.push(t("speech-state-not-selected"));
  }
  if (item.unavailable) parts.push(t("speech-state-unavailable"));
  if (item.value !== undefined) parts.push(item.value.trim() === "" ? t("speech-state-empty") : item.value);
  if (item.invalid) parts.push(t("speech-state-invalid"));
  if (item.description) parts.push(item.description);
  if (withPosition) parts.push(`${item.position} / ${item.total}`);
  return listed(parts);
}
