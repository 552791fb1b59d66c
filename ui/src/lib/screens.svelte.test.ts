import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { SCREEN_PARAMS, Visit, WELCOME, isScreenName, screenFromQuery, type Screen } from "./screens.svelte";

describe("screens", () => {
  it("reads a screen from ?screen=, and nothing from an unknown or missing one", () => {
    expect(screenFromQuery("?screen=officials")).toEqual({ name: "officials" });
    expect(screenFromQuery("?screen=welcome&citizen")).toEqual({ name: "welcome" });
    expect(screenFromQuery("?citizen")).toBeNull();
    expect(screenFromQuery("?screen=toString")).toBeNull();
    expect(screenFromQuery("?screen=no-such-screen")).toBeNull();
  });

  it("asks for every parameter a screen names", () => {
    // Every screen's parameters come from the query by their names; none may be missing.
    for (const [name, params] of Object.entries(SCREEN_PARAMS) as Array<[string, readonly string[]]>) {
      const all = new URLSearchParams({ screen: name });
      for (const p of params) all.set(p, `${p}-value`);
      expect(screenFromQuery(all), name).toEqual({ name, ...Object.fromEntries(params.map((p) => [p, `${p}-value`])) });
      for (const p of params) {
        const missing = new URLSearchParams(all);
        missing.delete(p);
        expect(screenFromQuery(missing), `${name} without ${p}`).toBeNull();
      }
    }
    expect(isScreenName("welcome")).toBe(true);
    expect(isScreenName("constructor")).toBe(false);
  });
});

describe("a visit", () => {
  const officials: Screen = { name: "officials" };

  it("starts on the welcome screen, or on a given screen with the welcome screen under it", () => {
    expect(new Visit().screen).toEqual(WELCOME);
    expect(new Visit().canGoBack).toBe(false);
    const v = new Visit(officials);
    expect(v.screen).toEqual(officials);
    expect(v.depth).toBe(2);
    v.back();
    expect(v.screen).toEqual(WELCOME);
    expect(new Visit(WELCOME).depth).toBe(1);
  });

  it("goes forward onto a stack and back down it; the welcome screen clears it", () => {
    const v = new Visit();
    v.go(officials);
    v.go(officials);
    expect(v.depth).toBe(3);
    v.back();
    expect(v.screen).toEqual(officials);
    v.back();
    v.back();
    v.back();
    expect(v.screen).toEqual(WELCOME);
    expect(v.depth).toBe(1);
    v.go(officials);
    v.go(WELCOME);
    expect(v.depth).toBe(1);
  });

  it("keeps its own copy of a screen, frozen", () => {
    const v = new Visit();
    const s = { name: "officials" } as { name: "officials" };
    v.go(s);
    expect(v.screen).not.toBe(s);
    expect(Object.isFrozen(v.screen)).toBe(true);
  });

  it("is reactive: an effect sees the screen change", () => {
    const v = new Visit();
    const seen: string[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(v.screen.name);
      });
    });
    flushSync();
    v.go(officials);
    flushSync();
    v.back();
    flushSync();
    stop();
    expect(seen).toEqual(["welcome", "officials", "welcome"]);
  });

  it("keeps drafts per visit: a new visit has none of the last one's", () => {
    const v = new Visit();
    v.drafts.address = "Nizami küçəsi 5";
    expect(new Visit().drafts.address).toBe("");
  });
});
