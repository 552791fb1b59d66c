// The citizen's session at the screen: which screen, which language, and the idle wipe.
// Plain TypeScript with the timer passed in, so tests drive it without a browser.
import type { UiLang } from "./bindings";
import { DEFAULT_LANG } from "./i18n";

export type Screen = "welcome" | "officials";

export interface SessionState {
  screen: Screen;
  lang: UiLang;
}

export const INITIAL: SessionState = { screen: "welcome", lang: DEFAULT_LANG };

/** How long an untouched screen waits before wiping the session for the next person. */
export const IDLE_MS = 90_000;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export class Session {
  #state: SessionState = INITIAL;
  #timer: unknown = undefined;
  #listeners = new Set<(s: SessionState) => void>();

  constructor(
    private readonly timers: Timers,
    private readonly idleMs = IDLE_MS,
  ) {}

  get state(): SessionState {
    return this.#state;
  }

  subscribe(fn: (s: SessionState) => void): () => void {
    this.#listeners.add(fn);
    fn(this.#state);
    return () => this.#listeners.delete(fn);
  }

  setLang(lang: UiLang): void {
    this.#update({ ...this.#state, lang });
  }

  go(screen: Screen): void {
    this.#update({ ...this.#state, screen });
  }

  /** Any touch: the person is still there. */
  touched(): void {
    this.#arm();
  }

  /** Back to the welcome screen in Azerbaijani, as if nobody had been here. */
  reset(): void {
    this.#update(INITIAL);
  }

  #update(next: SessionState): void {
    this.#state = next;
    this.#arm();
    for (const fn of this.#listeners) fn(next);
  }

  #arm(): void {
    if (this.#timer !== undefined) this.timers.clear(this.#timer);
    this.#timer = undefined;
    if (this.#state === INITIAL) return;
    this.#timer = this.timers.set(() => this.reset(), this.idleMs);
  }
}

export const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
