// The on-screen keyboard's editing model: text and a selection, changed one key at a time.
// Pure functions, no DOM: the component reads the field's selection, applies one of these and
// writes text and selection back. No length limit here: Rust judges lengths.

/** A field's text and its selection (`start === end` is a caret), in UTF-16 code units as the DOM counts. */
export interface EditState {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The state with its selection inside the text and in order: a stale caret never jumps past it. */
export function clamp(state: EditState): EditState {
  const len = state.text.length;
  const a = Math.min(Math.max(0, Math.trunc(state.start) || 0), len);
  const b = Math.min(Math.max(0, Math.trunc(state.end) || 0), len);
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  return { text: state.text, start: snap(state.text, start), end: snap(state.text, end) };
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
/** A position between the two halves of a surrogate pair moves before the pair. */
function snap(text: string, i: number): number {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i)) ? i - 1 : i;
}
/** The position one character before `i` (a surrogate pair is one character). */
function before(text: string, i: number): number {
  if (i <= 0) return 0;
  return i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? i - 2 : i - 1;
}
/** The position one character after `i`. */
function after(text: string, i: number): number {
  if (i >= text.length) return text.length;
  return i + 1 < text.length && isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

/** Replaces the selection with `insert`; the caret ends after it. */
export function insert(state: EditState, insert: string): EditState {
  const { text, start, end } = clamp(state);
  const caret = start + insert.length;
  return { text: text.slice(0, start) + insert + text.slice(end), start: caret, end: caret };
}

/** Deletes the selection, or the character before the caret. */
export function backspace(state: EditState): EditState {
  const s = clamp(state);
  if (s.start !== s.end) return insert(s, "");
  const from = before(s.text, s.start);
  return { text: s.text.slice(0, from) + s.text.slice(s.start), start: from, end: from };
}

/** Deletes the selection, or the character after the caret. */
export function deleteForward(state: EditState): EditState {
  const s = clamp(state);
  if (s.start !== s.end) return insert(s, "");
  const to = after(s.text, s.start);
  return { text: s.text.slice(0, s.start) + s.text.slice(to), start: s.start, end: s.start };
}

/** One character left; a selection collapses to its start. */
export function moveLeft(state: EditState): EditState {
  const s = clamp(state);
  const caret = s.start !== s.end ? s.start : before(s.text, s.start);
  return { text: s.text, start: caret, end: caret };
}

/** One character right; a selection collapses to its end. */
export function moveRight(state: EditState): EditState {
  const s = clamp(state);
  const caret = s.start !== s.end ? s.end : after(s.text, s.end);
  return { text: s.text, start: caret, end: caret };
}

export function moveHome(state: EditState): EditState {
  return { text: state.text, start: 0, end: 0 };
}

export function moveEnd(state: EditState): EditState {
  return { text: state.text, start: state.text.length, end: state.text.length };
}

/** Taps of one key closer together than this are one tap that the touch screen reported twice. */
export const DUPLICATE_TAP_MS = 150;

/** Drops the second of two taps of the same key within DUPLICATE_TAP_MS; time is passed in. */
export class TapFilter {
  #key: string | null = null;
  #at = -Infinity;

  /** Whether the tap of `key` at `now` (ms) counts. */
  accept(key: string, now: number): boolean {
    if (key === this.#key && now - this.#at < DUPLICATE_TAP_MS) return false;
    this.#key = key;
    this.#at = now;
    return true;
  }
}
