// What every area's mock commands get from the harness (harness.ts): the page's query, the
// session Rust would report now, Fluent's words in the three languages, and `report`.
export interface MockContext {
  readonly params: URLSearchParams;
  /** The session as Rust would report it now. */
  session(): Record<string, unknown>;
  /** A message in az, ru and en, as Rust's `Worded` carries it. */
  worded(id: string, args?: Record<string, string | number>): Record<string, string>;
  /** Sends the UI a new SessionChanged. */
  report(next: Record<string, unknown>): void;
}

/**
 * One area's commands: the answer (or a promise of it; throw for an error) for a command it
 * knows, `undefined` for one it does not.
 */
export type MockCommands = (cmd: string, args: unknown, ctx: MockContext) => unknown;
