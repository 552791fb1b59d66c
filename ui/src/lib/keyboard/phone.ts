// The phone keypad's field: always "+994 " and the national digits grouped as +994 50 123 45 67.
// Rust validates the number (its length, its operator code): here the digits are only laid out.
import type { EditState } from "./editing";

export const PHONE_PREFIX = "+994 ";
/** The national number's groups: 50 123 45 67. Digits past them stay in the last group. */
const GROUPS = [2, 3, 2, 2];

/** The national digits of a phone field's text (the prefix's 994 is not one of them). */
export function phoneDigits(text: string): string {
  const rest = text.startsWith(PHONE_PREFIX.trim()) ? text.slice(PHONE_PREFIX.trim().length) : text;
  return rest.replace(/\D/g, "");
}

/** "+994 " and `digits` grouped: formatPhone("501234567") is "+994 50 123 45 67". */
export function formatPhone(digits: string): string {
  const parts: string[] = [];
  let i = 0;
  for (const [n, size] of GROUPS.entries()) {
    if (i >= digits.length) break;
    const last = n === GROUPS.length - 1;
    parts.push(last ? digits.slice(i) : digits.slice(i, i + size));
    i += size;
  }
  return PHONE_PREFIX + parts.join(" ");
}

/** How many national digits stand before `pos` in the formatted `text`. */
function digitsBefore(text: string, pos: number): number {
  return phoneDigits(text.slice(0, Math.max(pos, PHONE_PREFIX.length)).slice(PHONE_PREFIX.length)).length;
}

/** The position in `formatPhone(digits)` just after its `count`-th digit (after the prefix when 0). */
function positionAfter(digits: string, count: number): number {
  const text = formatPhone(digits);
  if (count <= 0) return PHONE_PREFIX.length;
  let seen = 0;
  for (let i = PHONE_PREFIX.length; i < text.length; i++) {
    if (/\d/.test(text[i]) && ++seen === count) return i + 1;
  }
  return text.length;
}

function at(digits: string, count: number): EditState {
  const caret = positionAfter(digits, count);
  return { text: formatPhone(digits), start: caret, end: caret };
}

/** Types `digit` at the caret (a selection is replaced); the text is grouped again. */
export function phoneInsert(state: EditState, digit: string): EditState {
  const digits = phoneDigits(state.text);
  const from = digitsBefore(state.text, Math.min(state.start, state.end));
  const to = digitsBefore(state.text, Math.max(state.start, state.end));
  const added = digit.replace(/\D/g, "");
  return at(digits.slice(0, from) + added + digits.slice(to), from + added.length);
}

/** Deletes the selection's digits, or the digit before the caret; the prefix stays. */
export function phoneBackspace(state: EditState): EditState {
  const digits = phoneDigits(state.text);
  const from = digitsBefore(state.text, Math.min(state.start, state.end));
  const to = digitsBefore(state.text, Math.max(state.start, state.end));
  if (from !== to) return at(digits.slice(0, from) + digits.slice(to), from);
  if (from === 0) return at(digits, 0);
  return at(digits.slice(0, from - 1) + digits.slice(from), from - 1);
}

/** The caret one digit left or right (group spaces are stepped over), never into the prefix. */
export function phoneMove(state: EditState, by: -1 | 1): EditState {
  const digits = phoneDigits(state.text);
  const pos = by < 0 ? Math.min(state.start, state.end) : Math.max(state.start, state.end);
  const count = digitsBefore(state.text, pos) + (state.start === state.end ? by : 0);
  return at(digits, Math.min(Math.max(count, 0), digits.length));
}
