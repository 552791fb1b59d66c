// The citizen's session as Rust reports it. The UI keeps no copy of its own: the latest
// `SessionChanged` is the only place the screens read the citizen from, and a wipe replaces it
// with one that holds nothing.
import type { SessionChanged } from "./bindings";

export const NO_SESSION: SessionChanged = {
  phase: "none",
  seconds_left: 0,
  citizen: null,
  ended: null,
  notice: null,
  reader_problem: null,
};

/** Whether `next` ends the session `previous` had: the screens must go back to the start. */
export function sessionEnded(previous: SessionChanged, next: SessionChanged): boolean {
  return previous.citizen !== null && next.citizen === null;
}

/** How often a touch is passed on to Rust while a citizen is at the screen, at most. */
export const TOUCH_EVERY_MS = 2_000;

/** Collects what a keyboard-wedge scanner types (outside any text field) into lines. */
export class WedgeBuffer {
  #text = "";
  #last = 0;

  constructor(private readonly gapMs = 1_000) {}

  /** A key at `now` (ms); returns the text to send when a line ends with Enter. */
  key(key: string, now: number): string | null {
    if (now - this.#last > this.gapMs) this.#text = "";
    this.#last = now;
    if (key === "Enter") {
      const line = this.#text;
      this.#text = "";
      return line.length > 0 ? `${line}\n` : null;
    }
    if (key.length === 1) this.#text += key;
    return null;
  }
}
