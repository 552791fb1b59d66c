// "Take the snapshot, then follow the events": a state Rust owns, kept up to date in the UI.
//
// The event is listened to first and the snapshot asked for once listening is in place, so no
// change can fall between the two. Rust emits an event after every change, in order, so an event
// that arrives before the snapshot's answer is at least as new as the snapshot: then the snapshot
// is dropped. A snapshot that arrives first is kept until the next event.
import type { UnlistenFn } from "@tauri-apps/api/event";

/** What a generated command answers. */
export type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

/** What a generated event offers. */
export interface EventSource<T> {
  listen(cb: (event: { payload: T }) => void): Promise<UnlistenFn>;
}

export interface FollowOptions<T> {
  /** The value until Rust has answered. */
  initial: T;
  /** Called with each new value before it is shown, and the value it replaces. */
  onchange?: (next: T, previous: T) => void;
}

/** A state that Rust owns: `current` is reactive; `stop()` stops following. */
export class Followed<T> {
  /** The latest state Rust reported (replaced as a whole, never changed in place). */
  current: T = $state.raw() as T;
  /** Whether Rust has reported a state yet (snapshot or event). */
  reported = $state(false);
  #events = 0;
  #stopped = false;
  #unlisten: UnlistenFn | null = null;
  readonly #onchange?: (next: T, previous: T) => void;

  constructor(snapshot: () => Promise<Outcome<T>>, event: EventSource<T>, options: FollowOptions<T>) {
    this.current = options.initial;
    this.#onchange = options.onchange;
    void this.#start(snapshot, event);
  }

  async #start(snapshot: () => Promise<Outcome<T>>, event: EventSource<T>): Promise<void> {
    try {
      const unlisten = await event.listen((e) => {
        this.#events++;
        this.#set(e.payload);
      });
      if (this.#stopped) unlisten();
      else this.#unlisten = unlisten;
    } catch {
      // Not listening: the snapshot is still better than nothing.
    }
    if (this.#stopped) return;
    const eventsBefore = this.#events;
    let answer: Outcome<T>;
    try {
      answer = await snapshot();
    } catch {
      return;
    }
    if (answer.status === "ok" && this.#events === eventsBefore) this.#set(answer.data);
  }

  #set(next: T): void {
    if (this.#stopped) return;
    const previous = this.current;
    this.#onchange?.(next, previous);
    this.current = next;
    this.reported = true;
  }

  /** Stops following; `current` keeps the last state. */
  stop(): void {
    this.#stopped = true;
    this.#unlisten?.();
    this.#unlisten = null;
  }
}

/** Follows `event` from the state `snapshot` answers. */
export function follow<T>(
  snapshot: () => Promise<Outcome<T>>,
  event: EventSource<T>,
  options: FollowOptions<T>,
): Followed<T> {
  return new Followed(snapshot, event, options);
}
