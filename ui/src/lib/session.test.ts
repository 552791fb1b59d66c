import { describe, expect, it } from "vitest";
import { INITIAL, Session, type Timers } from "./session";

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    set: (fn) => {
      pending.set(++next, fn);
      return next;
    },
    clear: (h) => pending.delete(h as number),
  };
  const fireAll = () => [...pending.values()].forEach((fn) => fn());
  return { timers, pending, fireAll };
}

describe("citizen session", () => {
  it("starts on the welcome screen in Azerbaijani with no idle timer", () => {
    const { timers, pending } = manualTimers();
    const s = new Session(timers);
    expect(s.state).toEqual({ screen: "welcome", lang: "az" });
    expect(pending.size).toBe(0);
  });

  it("wipes an idle session back to the welcome screen in Azerbaijani", () => {
    const { timers, pending, fireAll } = manualTimers();
    const s = new Session(timers, 1000);
    s.setLang("ru");
    s.go("officials");
    expect(pending.size).toBe(1);
    fireAll();
    expect(s.state).toEqual(INITIAL);
    expect(pending.size).toBe(0);
  });

  it("a touch restarts the idle timer instead of adding one", () => {
    const { timers, pending } = manualTimers();
    const s = new Session(timers);
    s.go("officials");
    const first = [...pending.keys()];
    s.touched();
    expect(pending.size).toBe(1);
    expect([...pending.keys()]).not.toEqual(first);
  });

  it("tells subscribers about every change, and stops when they unsubscribe", () => {
    const { timers } = manualTimers();
    const s = new Session(timers);
    const seen: string[] = [];
    const stop = s.subscribe((st) => seen.push(`${st.screen}/${st.lang}`));
    s.setLang("en");
    s.go("officials");
    stop();
    s.reset();
    expect(seen).toEqual(["welcome/az", "welcome/en", "officials/en"]);
  });
});
