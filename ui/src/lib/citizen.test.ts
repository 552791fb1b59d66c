import { describe, expect, it } from "vitest";
import { NO_SESSION, WedgeBuffer, endsVisit } from "./citizen";
import type { CitizenView, SessionView } from "./ipc";

const GOHAR: CitizenView = {
  full_name: "ABDULLAYEVA GOHAR",
  birth_date: "05.03.1980",
  address: null,
  document_kind: "id-card",
  document_number: "AA****567",
  from_registry: false,
  needs_address: true,
};
const withGohar: SessionView = { ...NO_SESSION, generation: 1, phase: "active", citizen: GOHAR };

describe("the end of a visit", () => {
  it("comes when the session ends, another replaces it, or another citizen appears", () => {
    expect(endsVisit(withGohar, { ...NO_SESSION, generation: 1, ended: "card-removed" })).toBe(true);
    const visitor: SessionView = { ...NO_SESSION, generation: 1, phase: "visitor" };
    expect(endsVisit(visitor, { ...NO_SESSION, generation: 1, ended: "idle" })).toBe(true);
    expect(endsVisit(withGohar, { ...withGohar, generation: 2, ended: "new-card" })).toBe(true);
    expect(endsVisit(withGohar, NO_SESSION)).toBe(true);
    expect(
      endsVisit(withGohar, { ...withGohar, citizen: { ...GOHAR, document_number: "AA****999" } }),
    ).toBe(true);
  });

  it("not with the same session going on: the registry's data, the countdown, the language, the card", () => {
    const registry = { ...GOHAR, full_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI", from_registry: true };
    expect(endsVisit(withGohar, { ...withGohar, citizen: registry })).toBe(false);
    expect(endsVisit(withGohar, { ...withGohar, phase: "countdown", seconds_left: 9 })).toBe(false);
    expect(endsVisit(withGohar, { ...withGohar, lang: "ru" })).toBe(false);
    expect(endsVisit(NO_SESSION, { ...NO_SESSION, generation: 1, phase: "visitor" })).toBe(false);
    const visitor: SessionView = { ...NO_SESSION, generation: 1, phase: "visitor" };
    expect(endsVisit(visitor, withGohar)).toBe(false);
    // Nobody was there: a report that only repeats why the last one ended changes nothing.
    const ended: SessionView = { ...NO_SESSION, generation: 1, ended: "idle" };
    expect(endsVisit(ended, { ...ended, notice: "card-unreadable" })).toBe(false);
  });
});

describe("keyboard wedge", () => {
  it("makes lines of what is typed quickly, ending with Enter, whatever their length", () => {
    const w = new WedgeBuffer(100);
    for (const [i, k] of [..."IDAZE"].entries()) expect(w.key(k, i)).toBeNull();
    expect(w.key("Enter", 5)).toBe("IDAZE\n");
    expect(w.key("Enter", 6)).toBeNull();
  });

  it("forgets what was typed before a pause", () => {
    const w = new WedgeBuffer(100);
    w.key("A", 0);
    w.key("B", 500);
    expect(w.key("Enter", 510)).toBe("B\n");
  });
});
