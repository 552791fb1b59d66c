// Every screen at 200 % text (the citizen's "large text": the root font 28 → 56 px) holds on the
// 1920×1080 panel: nothing runs out of its box or off the screen sideways, nothing overlaps,
// every touch target stays at least 80×80 px and 8 px from the next (main scrolls vertically,
// which is allowed). In high contrast every control shows its edge without colour: a border of
// at least 2 px, or an outline. And the keypad's cursor is a thick ring seen on every surface.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectTouchable, useBrowser, type Target } from "./browser";
import { LANGS, SCREENS, openScreen, setMode } from "./every-screen";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

/** The root font size in px. */
const rootFont = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

/**
 * What runs out sideways: an element past the screen's right (or left) edge, an element that
 * clips (overflow other than visible) with more content than room, a text wider than the box
 * that holds it. Each as a line naming the element and its text.
 */
function overflowing(): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const name = (e: Element) =>
      `<${e.tagName.toLowerCase()}${e.getAttribute("data-testid") ? ` data-testid=${e.getAttribute("data-testid")}` : ""}${
        e.className && typeof e.className === "string" ? ` class="${e.className.replace(/\s*svelte-\w+/g, "")}"` : ""
      }> "${(e.textContent ?? "").trim().slice(0, 40)}"`;
    const shown = (e: Element) => {
      if (e.getClientRects().length === 0 || getComputedStyle(e).visibility === "hidden") return false;
      // Words for screen readers only: in a box clipped to nothing on purpose.
      for (let a: Element | null = e; a; a = a.parentElement) if (getComputedStyle(a).clipPath !== "none") return false;
      return true;
    };
    const width = document.documentElement.clientWidth;
    for (const e of document.body.querySelectorAll("*")) {
      if (!shown(e) || e.closest("svg")) continue;
      const r = e.getBoundingClientRect();
      if (r.right > width + 0.5 || r.left < -0.5) found.push(`off the screen (${Math.round(r.left)}…${Math.round(r.right)}): ${name(e)}`);
      const style = getComputedStyle(e);
      if (style.overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1)
        found.push(`clipped (${e.scrollWidth} > ${e.clientWidth}): ${name(e)}`);
    }
    // A text's own box (each of its lines) inside the box of the block that holds it.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim() || !n.parentElement || !shown(n.parentElement)) continue;
      let box: Element = n.parentElement;
      while (box.parentElement && ["inline", "contents"].includes(getComputedStyle(box).display)) box = box.parentElement;
      const outer = box.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const line of range.getClientRects()) {
        if (line.width === 0) continue;
        if (line.right > outer.right + 1 || line.left < outer.left - 1) {
          found.push(`text wider than its box (${Math.round(line.left)}…${Math.round(line.right)} in ${Math.round(outer.left)}…${Math.round(outer.right)}): ${name(box)} "${n.textContent.trim().slice(0, 30)}"`);
          break;
        }
      }
    }
    return found;
  });
}

/**
 * What overlaps: two touch targets, or two texts (each line's box, as tall as its line-height).
 * A layer over the page (the docked keyboard, a dialog, the countdown) covers what is under it
 * by design: pairs across it are not counted.
 */
function overlapping(): Promise<string[]> {
  return page.evaluate(() => {
    const LAYERS = "[data-testid=keyboard-dock], [data-testid=countdown], [role=dialog], .backdrop";
    const layerOf = (e: Element) => e.closest(LAYERS);
    const shown = (e: Element) => {
      if (e.getClientRects().length === 0 || getComputedStyle(e).visibility === "hidden" || e.closest("[inert]")) return false;
      // Words for screen readers only: in a box clipped to nothing on purpose.
      for (let a: Element | null = e; a; a = a.parentElement) if (getComputedStyle(a).clipPath !== "none") return false;
      return true;
    };
    const label = (e: Element) => e.getAttribute("data-testid") ?? (e.textContent ?? "").trim().slice(0, 30);
    type Box = { what: string; el: Element; x: number; y: number; r: number; b: number };
    /** `a` as `b` could see it: cut to the scrolling boxes that hold `a` but not `b`. */
    const seen = (a: Box, b: Box): Box => {
      let { x, y, r, b: bottom } = a;
      for (let c = a.el.parentElement; c && !c.contains(b.el); c = c.parentElement) {
        const style = getComputedStyle(c);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const k = c.getBoundingClientRect();
        [x, y, r, bottom] = [Math.max(x, k.left), Math.max(y, k.top), Math.min(r, k.right), Math.min(bottom, k.bottom)];
      }
      return { ...a, x, y, r, b: bottom };
    };
    const meets = (p: Box, q: Box) => {
      const [a, b] = [seen(p, q), seen(q, p)];
      return Math.min(a.r, b.r) - Math.max(a.x, b.x) > 1 && Math.min(a.b, b.b) - Math.max(a.y, b.y) > 1;
    };
    const found: string[] = [];

    const targets: Box[] = [...document.querySelectorAll("button, input, textarea, [role=button], [role=radio]")]
      .filter(shown)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { what: `target ${label(e)}`, el: e, x: r.left, y: r.top, r: r.right, b: r.bottom };
      });
    for (const [i, a] of targets.entries())
      for (const b of targets.slice(i + 1))
        if (layerOf(a.el) === layerOf(b.el) && !a.el.contains(b.el) && !b.el.contains(a.el) && meets(a, b))
          found.push(`${a.what} overlaps ${b.what}`);

    const texts: Box[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!n.textContent?.trim() || !parent || !shown(parent)) continue;
      const style = getComputedStyle(parent);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const line of range.getClientRects()) {
        if (line.width <= 1 || line.height <= 1) continue;
        // The glyphs' box may be taller than the line the layout gives them: the line counts.
        const cut = Math.max(0, (line.height - lineHeight) / 2);
        texts.push({ what: `text "${n.textContent.trim().slice(0, 30)}"`, el: parent, x: line.left, y: line.top + cut, r: line.right, b: line.bottom - cut });
      }
    }
    for (const [i, a] of texts.entries())
      for (const b of texts.slice(i + 1))
        if (a.el !== b.el && layerOf(a.el) === layerOf(b.el) && meets(a, b)) found.push(`${a.what} overlaps ${b.what}`);
    return [...new Set(found)];
  });
}

/** Words broken across two lines (a box too narrow for them), as "wo|rd". */
function brokenWords(): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const letter = /[\p{L}\p{N}]/u;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? "";
      const parent = n.parentElement;
      if (!text.trim() || !parent || parent.getClientRects().length === 0) continue;
      let hidden = false;
      for (let a: Element | null = parent; a; a = a.parentElement) if (getComputedStyle(a).clipPath !== "none") hidden = true;
      if (hidden) continue;
      const range = document.createRange();
      let lastTop: number | null = null;
      for (let i = 0; i < text.length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        if (lastTop !== null && r.top > lastTop + 2 && letter.test(text[i]) && i > 0 && letter.test(text[i - 1])) {
          const start = text.lastIndexOf(" ", i) + 1;
          const end = text.indexOf(" ", i);
          found.push(`${text.slice(start, i)}|${text.slice(i, end < 0 ? undefined : end)}`);
        }
        lastTop = r.top;
      }
    }
    return found;
  });
}

/**
 * The screen's touch targets (main's and a dialog's): not those the docked keyboard covers, nor
 * those scrolled (even in part) out of a list that scrolls in main (main's own scrolling aside).
 */
function targets(): Promise<Target[]> {
  return page.$$eval("main :is(button, [role=button], input, textarea, [role=radio]), [data-testid=countdown] button", (els) =>
    els
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden" && !e.closest("[inert]"))
      // Over the screen, the countdown is all that can be touched.
      .filter((e) => !document.querySelector("[data-testid=countdown]") || !!e.closest("[data-testid=countdown]"))
      .filter((e) => {
        const r = e.getBoundingClientRect();
        for (let c = e.parentElement; c && c.tagName !== "MAIN"; c = c.parentElement) {
          const style = getComputedStyle(c);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const k = c.getBoundingClientRect();
          if (r.top < k.top - 1 || r.bottom > k.bottom + 1 || r.left < k.left - 1 || r.right > k.right + 1) return false;
        }
        return true;
      })
      .filter((e) => {
        const dock = "[data-testid=keyboard-dock]";
        if (e.closest(dock)) return true;
        const r = e.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return !top?.closest(dock);
      })
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.getAttribute("data-testid") ?? e.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
  );
}

/** Controls whose edge is colour alone: no border of 2 px on every side, and no outline. */
function edgeless(): Promise<string[]> {
  return page.$$eval("button, input, textarea, [role=button], [role=radio], [role=switch]", (els) =>
    els
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden")
      .filter((e) => {
        const s = getComputedStyle(e);
        const transparent = (c: string) => c === "transparent" || /rgba\(.*,\s*0\)$/.test(c);
        const border = (["Top", "Right", "Bottom", "Left"] as const).every((side) => {
          const width = parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`));
          const style = s.getPropertyValue(`border-${side.toLowerCase()}-style`);
          const colour = s.getPropertyValue(`border-${side.toLowerCase()}-color`);
          return width >= 2 && style !== "none" && style !== "hidden" && !transparent(colour);
        });
        const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 && !transparent(s.outlineColor);
        return !border && !outline;
      })
      .map((e) => `${e.getAttribute("data-testid") ?? e.textContent?.trim().slice(0, 30)}`),
  );
}

for (const lang of LANGS) {
  describe(`every screen at 200 % text and in high contrast, ${lang}`, () => {
    for (const screen of SCREENS) {
      it(screen.name, async () => {
        await openScreen(page, browser.base, screen, lang);
        const normal = await rootFont();
        expect(normal, "the root font").toBe(28);

        await setMode(page, "large-text");
        const what = `${screen.name}, ${lang}, large text`;
        expect(await rootFont(), `${what}: the root font doubles`).toBe(2 * normal);
        expect(await overflowing(), `${what}: running out sideways`).toEqual([]);
        expect(await overlapping(), `${what}: overlapping`).toEqual([]);
        expect(await brokenWords(), `${what}: words broken across lines`).toEqual([]);
        expectTouchable(what, await targets());

        await setMode(page, "high-contrast");
        expect(await edgeless(), `${screen.name}, ${lang}, high contrast: controls without an edge`).toEqual([]);
        // The ticks of chosen buttons take room too.
        expect(await overflowing(), `${screen.name}, ${lang}, high contrast: running out sideways`).toEqual([]);

        await setMode(page, "large-text and high-contrast");
        const both = `${screen.name}, ${lang}, large text and high contrast`;
        expect(await overflowing(), `${both}: running out sideways`).toEqual([]);
        expect(await overlapping(), `${both}: overlapping`).toEqual([]);
        expect(await brokenWords(), `${both}: words broken across lines`).toEqual([]);
        expectTouchable(both, await targets());
      });
    }
  });
}

describe("the access bar", () => {
  type Call = { cmd: string; args: Record<string, unknown> };
  const accessCalls = async () =>
    (await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls)).filter((c) => c.cmd === "access_set");
  const root = () => page.evaluate(() => ({ ...document.documentElement.dataset }));
  const pressed = (id: string) => page.getByTestId(id).getAttribute("aria-pressed");

  it("offers speech, large text and contrast in the header, an icon and a word each, 80×80 px or more", async () => {
    const WORDS = {
      az: ["Səsləndirmə", "Böyük yazı", "Kontrast"],
      ru: ["Озвучивание", "Крупный шрифт", "Контраст"],
      en: ["Speech", "Large text", "Contrast"],
    };
    for (const lang of LANGS) {
      await openScreen(page, browser.base, SCREENS[0], lang);
      const bar = page.locator("header [data-testid=access-bar]");
      expect(await bar.getAttribute("role")).toBe("group");
      const buttons = await bar.locator("button").evaluateAll((bs) =>
        bs.map((b) => {
          const r = b.getBoundingClientRect();
          return { word: b.textContent?.trim(), icon: b.querySelectorAll("svg[aria-hidden=true]").length, w: r.width, h: r.height, pressed: b.getAttribute("aria-pressed") };
        }),
      );
      expect(buttons.map((b) => b.word), lang).toEqual(WORDS[lang]);
      for (const b of buttons) {
        expect(b.icon, `${lang} ${b.word}: its icon`).toBe(1);
        expect(b.pressed, `${lang} ${b.word}`).toBe("false");
        expect(b.w, `${lang} ${b.word} width`).toBeGreaterThanOrEqual(80);
        expect(b.h, `${lang} ${b.word} height`).toBeGreaterThanOrEqual(80);
      }
      // The header stays one row of 92 px in the normal size: the screens below keep their room.
      expect((await page.locator("header").boundingBox())!.height, lang).toBeLessThanOrEqual(92);
    }
  });

  it("asks Rust for each mode, and the page follows Rust's report", async () => {
    await openScreen(page, browser.base, SCREENS[2], "az");
    expect(await root()).toEqual({});
    await page.getByTestId("access-large-text").tap();
    await expect.poll(root).toEqual({ text: "large" });
    expect(await pressed("access-large-text")).toBe("true");
    await page.getByTestId("access-high-contrast").tap();
    await expect.poll(root).toEqual({ text: "large", contrast: "high" });
    expect(await pressed("access-high-contrast")).toBe("true");
    await page.getByTestId("access-large-text").tap();
    await expect.poll(root).toEqual({ contrast: "high" });
    expect(await pressed("access-large-text")).toBe("false");
    await page.getByTestId("access-speech").tap();
    await expect.poll(() => pressed("access-speech")).toBe("true");
    expect((await accessCalls()).map((c) => c.args.change)).toEqual([
      { speech: null, large_text: true, high_contrast: null },
      { speech: null, large_text: null, high_contrast: true },
      { speech: null, large_text: false, high_contrast: null },
      { speech: true, large_text: null, high_contrast: null },
    ]);
  });

  it("starts plain for the next citizen, and reads a session without modes as all off", async () => {
    await page.goto(`${browser.base}?screen=officials&citizen&large-text&high-contrast`);
    await expect.poll(root).toEqual({ text: "large", contrast: "high" });
    // Start over: Rust ends the session, and the modes with it.
    await page.getByTestId("home").tap();
    await expect.poll(root).toEqual({});
    expect(await pressed("access-large-text")).toBe("false");
    // An older Rust's report, with no `access` at all.
    await page.goto(`${browser.base}?large-text`);
    await expect.poll(root).toEqual({ text: "large" });
    await page.evaluate(() => {
      const w = window as unknown as { __report: (s: unknown) => void; __none: Record<string, unknown> };
      const { access: _, ...old } = w.__none;
      w.__report(old);
    });
    await expect.poll(root).toEqual({});
    for (const id of ["access-speech", "access-large-text", "access-high-contrast"]) expect(await pressed(id), id).toBe("false");
  });
});

describe("the layout checks themselves", () => {
  it("find a text running out of its box, an element off the screen, and overlapping targets and texts", async () => {
    await openScreen(page, browser.base, SCREENS[0], "az");
    await page.evaluate(() => {
      const add = (html: string) => document.querySelector("main")!.insertAdjacentHTML("beforeend", html);
      add('<p data-testid="narrow" style="width:100px;white-space:nowrap">Müraciətlərimə baxmaq istəyirəm</p>');
      add('<p data-testid="far" style="position:fixed;left:1800px;top:0;width:300px">x</p>');
      add('<div style="position:fixed;left:0;top:300px"><button data-testid="one">1</button><button data-testid="two" style="margin-left:-40px">2</button></div>');
      add('<p style="position:fixed;left:0;top:500px;margin:0">Bir</p><p style="position:fixed;left:10px;top:505px;margin:0">İki</p>');
    });
    const out = await overflowing();
    expect(out.some((l) => l.includes("text wider than its box") && l.includes("narrow"))).toBe(true);
    expect(out.some((l) => l.includes("off the screen") && l.includes("far"))).toBe(true);
    const over = await overlapping();
    expect(over).toContain("target one overlaps target two");
    expect(over).toContain('text "Bir" overlaps text "İki"');
  });
});

describe("the keypad's cursor", () => {
  /** The ring on `selector`: its outline, and the colours it is drawn in and over. */
  async function ring(selector: string) {
    return page.evaluate((selector) => {
      const e = document.querySelector(selector)!;
      e.setAttribute("data-keypad-cursor", "");
      const s = getComputedStyle(e);
      return { outline: parseFloat(s.outlineWidth), style: s.outlineStyle, colour: s.outlineColor, halo: s.boxShadow };
    }, selector);
  }

  it("is a 6 px ring with a halo of another colour, in both palettes, on light and on dark buttons", async () => {
    await openScreen(page, browser.base, SCREENS[0], "az");
    for (const mode of ["normal", "high-contrast"] as const) {
      await setMode(page, mode);
      for (const selector of ["[data-testid=start]", "[data-testid=demo-insert-0]", "[data-testid=lang-az]"]) {
        const r = await ring(selector);
        expect(r.outline, `${mode} ${selector}`).toBe(6);
        expect(r.style, `${mode} ${selector}`).toBe("solid");
        // The halo (a box-shadow of another colour) keeps the ring apart from any surface.
        expect(r.halo, `${mode} ${selector}`).toMatch(/rgb.* 0px 0px 0px 12px/);
        expect(r.halo.startsWith(r.colour), `${mode} ${selector}: the halo is not the ring's colour`).toBe(false);
      }
    }
  });
});
