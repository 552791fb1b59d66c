// The staff screen's gate as the UI sees it: Rust's `StaffView` (snapshot, then `StaffChanged`),
// whether the PIN pad is up, and the staff screen's language. Rust owns the PIN check, the
// lock-out and its countdown, and the idle close; the UI asks and shows.
import { createContext } from "svelte";
import { follow, type Followed } from "../lib/follow.svelte";
import { TOUCH_EVERY_MS } from "../lib/citizen";
import { translate, type Translate } from "../lib/messages";
import { commands, events, type StaffView, type UiLang } from "../lib/ipc";

/** Nobody signed in, nothing locked: what the UI assumes until Rust reports. */
export const STAFF_CLOSED: StaffView = Object.freeze({
  phase: "closed",
  who: null,
  attempts_left: 5,
  locked_seconds: 0,
  idle_seconds: 0,
});

/** How long the header's corner must be held to ask for the PIN (presentation, not a rule). */
export const HOLD_MS = 3_000;

/** Whether `e` is the receptionist's key combination, Ctrl+Alt+S (by key position: any layout). */
export function isStaffKey(e: Pick<KeyboardEvent, "ctrlKey" | "altKey" | "code" | "key">): boolean {
  return e.ctrlKey && e.altKey && (e.code === "KeyS" || e.key.toLowerCase() === "s");
}

/** What the last PIN attempt came to, for the PIN pad. */
export type PinOutcome = { kind: "wrong"; attemptsLeft: number } | { kind: "locked"; seconds: number } | { kind: "failed" };

export class StaffGate {
  #view: Followed<StaffView> | null = $state.raw(null);
  /** The PIN pad is shown (the gesture or the key asked for it). */
  pinPad = $state(false);
  /** The staff screen's language: the receptionist's choice, Azerbaijani to begin with. */
  lang: UiLang = $state("az");
  readonly t: Translate = $derived(translate(this.lang));
  #lastTouch = -Infinity;
  /** Where a scanner's line typed outside any field goes: the shown tab's scan field, if any. */
  #scanTarget: ((line: string) => void) | null = null;

  get view(): StaffView {
    return this.#view?.current ?? STAFF_CLOSED;
  }

  /** The staff screen is shown (Rust says it is open). */
  get open(): boolean {
    return this.view.phase === "open";
  }

  /** Follows Rust's gate; returns what stops following. */
  start(): () => void {
    this.#view = follow(commands.staffStatus, events.staffChanged, {
      initial: STAFF_CLOSED,
      onchange: (next) => {
        if (next.phase === "open") this.pinPad = false;
        // Closed (by the receptionist, or by Rust when idle): back to Azerbaijani for the next one.
        if (next.phase === "closed") this.lang = "az";
      },
    });
    return () => this.#view?.stop();
  }

  /** Shows the PIN pad, in `lang` (the language the screen was in). */
  askPin(lang: UiLang = this.lang): void {
    if (this.open) return;
    this.lang = lang;
    this.pinPad = true;
  }

  /** The tab shown takes the scanner's lines; returns what stops it. */
  onScan(target: (line: string) => void): () => void {
    this.#scanTarget = target;
    return () => {
      if (this.#scanTarget === target) this.#scanTarget = null;
    };
  }

  /** A scanner's line, typed while no field had the focus. */
  scanned(line: string): void {
    this.#scanTarget?.(line);
  }

  cancelPin(): void {
    this.pinPad = false;
  }

  /** Sends the PIN; `null` when it opened the staff screen, else why not. */
  async submit(pin: string): Promise<PinOutcome | null> {
    try {
      const r = await commands.staffOpen(pin);
      if (r.status === "ok") {
        if (r.data.phase === "open") this.pinPad = false;
        return null;
      }
      const latest = await commands.staffStatus();
      const view = latest.status === "ok" ? latest.data : this.view;
      const code = r.error.code;
      if (code === "staff-locked-out" || view.phase === "locked-out")
        return { kind: "locked", seconds: view.locked_seconds || Number(r.error.detail) || 0 };
      if (code === "staff-pin-wrong") return { kind: "wrong", attemptsLeft: view.attempts_left };
      return { kind: "failed" };
    } catch {
      return { kind: "failed" };
    }
  }

  /** A touch on the staff screen: the receptionist is still there (at most every TOUCH_EVERY_MS). */
  touch(now = Date.now()): void {
    if (now - this.#lastTouch < TOUCH_EVERY_MS) return;
    this.#lastTouch = now;
    void commands.staffTouch();
  }

  close(): void {
    void commands.staffClose();
  }
}

const [getStaff, setStaff] = createContext<StaffGate>();
export const provideStaff = setStaff;
export const useStaff = getStaff;
