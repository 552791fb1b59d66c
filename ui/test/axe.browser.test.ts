// axe-core on every screen the harness can open, in az, ru and en, in the normal palette, at
// 200 % text and in high contrast: WCAG 2.0–2.2 A and AA and EN 301 549, plus AAA contrast
// (`color-contrast-enhanced`: 7:1 for body text, 4.5:1 for large text, both measured against the
// kiosk's 28 px body text rather than the web's 16 px) and the kiosk's own touch size
// (`target-size` raised from WCAG's 24 px to 80 px: 20 mm on the panel). Zero violations.
// Each screen opens once per language; the modes change as Rust changes them, by a new report
// of the session.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "./browser";
import { LANGS, MODES, SCREENS, describeViolations, kioskAxe, openScreen, setMode, violations } from "./every-screen";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

describe("the axe configuration", () => {
  it("fails a 60 px button and passes an 80 px one (target-size at 80 px)", async () => {
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>
      <button id="small" style="width:60px;height:60px;margin:200px">Yes</button>
      <button id="large" style="width:80px;height:80px;margin:200px">No</button>
    </main></body></html>`);
    const results = await kioskAxe(page).analyze();
    const targetSize = results.violations.find((v) => v.id === "target-size");
    expect(targetSize?.nodes.map((n) => n.target.join(" "))).toEqual(["#small"]);
    expect(results.passes.find((v) => v.id === "target-size")?.nodes.map((n) => n.target.join(" "))).toEqual(["#large"]);
  });

  it("asks 7:1 of body text (color-contrast-enhanced), beyond the 4.5:1 of AA", async () => {
    // #6f6f6f on white: 5.0:1, enough for AA, not for AAA.
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>
      <p id="grey" style="color:#6f6f6f;font-size:16px">Grey text</p>
      <p id="dark" style="color:#333;font-size:16px">Dark text</p>
    </main></body></html>`);
    const results = await kioskAxe(page).analyze();
    expect(results.violations.find((v) => v.id === "color-contrast")).toBeUndefined();
    expect(results.violations.find((v) => v.id === "color-contrast-enhanced")?.nodes.map((n) => n.target.join(" "))).toEqual(["#grey"]);
  });

  it("measures large text against the kiosk's 28 px body text: 30 px text needs 7:1 there", async () => {
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>
      <p id="grey" style="color:#6f6f6f;font-size:30px">Grey text</p>
      <p id="big" style="color:#6f6f6f;font-size:44px">Grey heading</p>
    </main></body></html>`);
    // On the web's 16 px scale both are large text, and 5.0:1 is enough.
    expect((await kioskAxe(page).analyze()).violations.find((v) => v.id === "color-contrast-enhanced")).toBeUndefined();
    // On the kiosk's, 30 px is body text (7:1); 44 px is large (4.5:1).
    const kiosk = await kioskAxe(page, 28).analyze();
    expect(kiosk.violations.find((v) => v.id === "color-contrast-enhanced")?.nodes.map((n) => n.target.join(" "))).toEqual(["#grey"]);
  });

  it("fails the viewport lock on a page of its own, and accepts it only on the kiosk's <meta>", async () => {
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title>
      <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no">
      </head><body><main><p>Text</p></main></body></html>`);
    const results = await kioskAxe(page).analyze();
    expect(results.violations.map((v) => v.id)).toContain("meta-viewport");
    expect(describeViolations(results.violations)).toEqual([]);
  });
});

for (const lang of LANGS) {
  describe(`axe on every screen, ${lang}`, () => {
    for (const screen of SCREENS) {
      it(`${screen.name}: no violations in any mode`, async () => {
        await openScreen(page, browser.base, screen, lang);
        const found: string[] = [];
        for (const mode of MODES) {
          await setMode(page, mode);
          for (const line of await violations(page)) found.push(`${mode}: ${line}`);
        }
        expect(found, `${screen.name}, ${lang}`).toEqual([]);
      });
    }
  });
}
