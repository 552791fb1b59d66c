// The booking form's fields: which screen holds each, the order they are shown in, and the
// refusals Rust sent for them (`kiosk.visit.problems`), shown beside them until changed.
import type { FieldProblem, FormField, UiLang, WeekdayView } from "../ipc";
import type { Visit } from "../screens.svelte";
import type { MessageId } from "../messages";

/** Every field, in the order of the form (Rust sends refusals in this order too). */
export const FORM_ORDER: readonly FormField[] = [
  "official",
  "reception-date",
  "topic",
  "social-status",
  "privilege",
  "email",
  "phone",
  "workplace",
  "position",
  "address",
  "note",
];

/** The screen that holds each field: a refusal sends the citizen there. */
export const FIELD_SCREEN: Record<FormField, "booking" | "details"> = {
  official: "booking",
  "reception-date": "booking",
  topic: "booking",
  "social-status": "booking",
  privilege: "booking",
  email: "details",
  phone: "details",
  workplace: "details",
  position: "details",
  address: "details",
  note: "details",
};

/** The lists the Booking screen asks for before it moves on, and what it says when one is empty. */
export const CHOICE_MISSING: Record<"reception-date" | "topic" | "social-status" | "privilege", MessageId> = {
  "reception-date": "validation-date-missing",
  topic: "validation-topic-missing",
  "social-status": "validation-social-status-missing",
  privilege: "validation-privilege-missing",
};

export const WEEKDAY_MESSAGE: Record<WeekdayView, MessageId> = {
  mon: "weekday-mon",
  tue: "weekday-tue",
  wed: "weekday-wed",
  thu: "weekday-thu",
  fri: "weekday-fri",
  sat: "weekday-sat",
  sun: "weekday-sun",
};

/** `problems` in the order of the form. */
export function inFormOrder(problems: readonly FieldProblem[]): FieldProblem[] {
  return [...problems].sort((a, b) => FORM_ORDER.indexOf(a.field) - FORM_ORDER.indexOf(b.field));
}

/** What Rust said about `field`, in `lang`, or null. */
export function problemText(problems: readonly FieldProblem[], field: FormField, lang: UiLang): string | null {
  const problem = problems.find((p) => p.field === field);
  return problem ? problem.message[lang] : null;
}

/** The citizen changed `field`: Rust's refusal of it no longer applies. */
export function clearProblem(visit: Visit, field: FormField): void {
  if (visit.problems.some((p) => p.field === field)) visit.problems = visit.problems.filter((p) => p.field !== field);
}

/** The first refused field that `screen` holds, in the order of the form. */
export function firstProblemOn(problems: readonly FieldProblem[], screen: "booking" | "details"): FormField | null {
  return inFormOrder(problems).find((p) => FIELD_SCREEN[p.field] === screen)?.field ?? null;
}
