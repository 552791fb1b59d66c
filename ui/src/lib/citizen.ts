// The citizen's session as Rust reports it. The UI keeps no copy of its own: the latest
// `SessionChanged` is the only place the screens read the citizen from, and a session's end
// replaces it, and everything else the visit held, with objects that hold nothing.
import type { SessionView } from "./ipc";

export const NO_SESSION: SessionView = Object.freeze({
  generation: 0,
  phase: "none",
  seconds_left: 0,
  lang: "az",
  citizen: null,
  ended: null,
  notice: null,
  reader_problem: null,
  access: Object.freeze({ speech: false, volume: 3, large_text: false, high_contrast: false }),
});

/**
 * Whether `next` ends the visit `previous` belonged to: the session ended (Rust reports nobody
 * there), or another one replaced it (Rust counts sessions in `generation`: another card, say),
 * or, defensively, the citizen changed document. The screens must then forget it all. A visitor
 * who inserts their card stays in the same session, and so does the registry filling in names.
 */
export function endsVisit(previous: SessionView, next: SessionView): boolean {
  if (previous.phase === "none") return false;
  if (next.phase === "none" || next.generation !== previous.generation) return true;
  const before = previous.citizen ?? null;
  const after = next.citizen ?? null;
  if (before === null) return false;
  return (
    after === null ||
    after.document_number !== before.document_number ||
    after.document_kind !== before.document_kind
  );
}

/** How often a touch is passed on to Rust, at most (Rust starts a visitor's session on one). */
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
