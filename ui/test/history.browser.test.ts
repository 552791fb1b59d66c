// The history screen (seed Şəkil 8 and 10) and its tabs, in Debian's Chromium with Tauri's IPC
// mocked: `history` answers from applications.json (the real command's answer) and searches it
// simply (mocks/history.ts); the words are the .ftl files' (Rust words its refusals from them too).
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectReadable, expectTouchable, useBrowser } from "./browser";
import applications from "./applications.json";
import { translator } from "../src/lib/i18n";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Lang = "az" | "ru" | "en";
const LANGS: readonly Lang[] = ["az", "ru", "en"];
type Row = (typeof applications)["az"]["history"]["applications"][number];
const words = (lang: Lang, id: string, args?: Record<string, string | number>) => translator(lang)(id, args);
const historyOf = (lang: Lang) => applications[lang].history;
const STATE: Record<string, string> = {
  booked: "history-state-booked",
  "in-review": "history-state-in-review",
  closed: "history-state-closed",
  cancelled: "history-state-cancelled",
  cancelling: "history-state-cancelling",
};
const ACTIVE = ["booked", "in-review", "cancelling"];
/** The fixture's first official, searched by part of the name as a citizen types it. */
const OFFICIAL_PART = historyOf("az").applications[0].official_name.split(" ")[0].slice(0, 5).toLocaleLowerCase("az");
/** How the mock, like Rust, writes the date 7.12.2026 out. */
const WRITTEN_DATE: Record<Lang, string> = { az: "7 dekabr 2026", ru: "7 декабря 2026", en: "7 December 2026" };
/** The date typed on the on-screen keyboard: each language with another separator. */
const TYPED_DATE: Record<Lang, string> = { az: "7-12-2026", ru: "7.12.2026", en: "7/12/2026" };

async function tapLang(lang: Lang) {
  await page.getByTestId(`lang-${lang}`).tap();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** Opens `screen` with a citizen (unless `visitor`) and the mock's `query`, in `lang`. */
async function open(screen: string, lang: Lang, query = "", visitor = false) {
  const parts = [`screen=${screen}`, visitor ? "" : "citizen", query].filter(Boolean);
  await page.goto(`${browser.base}?${parts.join("&")}`);
  await page.locator(`main[data-screen=${screen}]`).waitFor();
  if (lang !== "az") await tapLang(lang);
}

/** The history with `query`, in `lang`, once Rust's answer in that language is shown. */
async function openHistory(lang: Lang, query = "") {
  await open("history", lang, query);
  await inLang(lang);
}

/** Waits until the list is the one Rust sent in `lang`. */
async function inLang(lang: Lang) {
  await expect
    .poll(() => page.getByTestId("history-official-position").first().textContent())
    .toBe(historyOf(lang).applications[0].official_position);
}

type Call = { cmd: string; args: Record<string, unknown> };
async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

const text = async (testid: string) => (await page.getByTestId(testid).first().textContent())?.trim();
const rowIds = () => page.getByTestId("history-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-booking-id")));
const idsOf = (rows: readonly Row[]) => rows.map((r) => r.booking_id);

/** Taps on-screen keys by id; the same key twice in a row only after the 150 ms duplicate-tap window. */
function keyTapper() {
  let last = "";
  return async (...keys: string[]) => {
    for (const key of keys) {
      if (key === last) await page.waitForTimeout(200);
      await page.getByTestId(`key-${key}`).tap();
      last = key;
    }
  };
}

/**
 * Every touch target in `main` is at least 80×80 px with at least 8 px between any two parts
 * that can be touched (not scrolled out of a scrolling column), and no text in it is under
 * 28 px (the reference panel's 20 mm and 4.8 mm).
 */
async function checkSizes(what: string, minTargets: number) {
  const targets = await page.$$eval("main :is(button, [role=button], input, textarea)", (els) =>
    els
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
        for (let a = e.parentElement; a; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const c = a.getBoundingClientRect();
          [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
        }
        const visible = { x: left, y: top, w: right - left, h: bottom - top };
        return { name: e.getAttribute("data-testid") ?? e.textContent, w: r.width, h: r.height, visible };
      }),
  );
  expect(targets.length, `${what}: targets`).toBeGreaterThanOrEqual(minTargets);
  for (const { name, w, h } of targets) {
    expect(w, `${what}: ${name} width`).toBeGreaterThanOrEqual(80);
    expect(h, `${what}: ${name} height`).toBeGreaterThanOrEqual(80);
  }
  const touchable = targets.filter((t) => t.visible.w > 0 && t.visible.h > 0).map((t) => ({ name: t.name, ...t.visible }));
  for (const [i, a] of touchable.entries()) {
    for (const b of touchable.slice(i + 1)) {
      const dx = Math.max(0, b.x - (a.x + a.w), a.x - (b.x + b.w));
      const dy = Math.max(0, b.y - (a.y + a.h), a.y - (b.y + b.h));
      expect(Math.max(dx, dy), `${what}: gap between ${a.name} and ${b.name}`).toBeGreaterThanOrEqual(7.5);
    }
  }
  await expectReadable(page, what);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide, `${what}: page width`).toBeLessThanOrEqual(1920);
}

/** Nothing to scroll: neither the screen nor the list (everything of the page is on the panel). */
async function fitsOnThePanel() {
  return page.evaluate(() => {
    const fits = (e: Element | null) => !e || e.scrollHeight <= e.clientHeight;
    return fits(document.querySelector("main")) && fits(document.querySelector("[data-testid=history-rows]"));
  });
}

for (const lang of LANGS) {
  const t = (id: string, args?: Record<string, string | number>) => words(lang, id, args);
  const history = historyOf(lang);
  const rows = history.applications;

  describe(`tabs (${lang})`, () => {
    it("a citizen has “book an audience” and “my applications” with the count on the officials screen; each tab opens its screen", async () => {
      await open("officials", lang);
      await page.getByTestId("official").first().waitFor();
      const tabs = page.getByTestId("history-tabs");
      expect(await text("tab-officials")).toBe(t("history-tab-book"));
      expect(await page.getByTestId("tab-officials").getAttribute("aria-current")).toBe("page");
      expect(await page.getByTestId("tab-history").getAttribute("aria-current")).toBeNull();
      expect(await tabs.getAttribute("aria-label")).toBe(t("history-tabs"));
      await expect.poll(() => text("tab-history-count")).toBe(String(history.total));
      expect((await text("tab-history"))?.replace(/\s+/g, " ")).toBe(`${t("history-tab-mine")} ${history.total}`);
      // The count is every application: asked once, with no search.
      const asked = await ipcCalls("history");
      expect(asked.length).toBeGreaterThanOrEqual(1);
      expect(asked[0].args.query).toEqual({ date: "", official: "", status: null });
      for (const id of ["tab-officials", "tab-history"]) {
        const box = (await page.getByTestId(id).boundingBox())!;
        expect(box.height, id).toBeGreaterThanOrEqual(80);
        expect(box.width, id).toBeGreaterThanOrEqual(80);
      }
      // The tabs sit above the list, which stays on the panel.
      const tabsBox = (await tabs.boundingBox())!;
      const listBox = (await page.getByTestId("officials").boundingBox())!;
      expect(tabsBox.y + tabsBox.height).toBeLessThanOrEqual(listBox.y);

      await page.getByTestId("tab-history").tap();
      await page.locator("main[data-screen=history]").waitFor();
      await inLang(lang);
      expect(await page.getByTestId("tab-history").getAttribute("aria-current")).toBe("page");
      expect(await text("tab-history-count")).toBe(String(history.total));
      // Siblings: Back from either tab leads to the welcome screen, not through the other tab.
      await page.getByTestId("tab-officials").tap();
      await page.getByTestId("official").first().waitFor();
      await page.getByTestId("back").tap();
      await page.getByTestId("session-greeting").waitFor();
    });

    it("a visitor has no tabs: no history without a card", async () => {
      await open("officials", lang, "", true);
      await page.getByTestId("official").first().waitFor();
      expect(await page.getByTestId("history-tabs").count()).toBe(0);
      expect(await ipcCalls("history")).toEqual([]);
    });
  });

  describe(`history list (${lang})`, () => {
    it("shows every application as one large button with its number, official, dates and status in words, newest first", async () => {
      await openHistory(lang);
      expect(await text("history-title")).toBe(t("history-title"));
      expect(await rowIds()).toEqual(idsOf(rows));
      const row = page.getByTestId("history-row");
      expect(await row.evaluateAll((els) => els.map((e) => e.tagName))).toEqual(rows.map(() => "BUTTON"));
      for (const [i, r] of rows.entries()) {
        const button = row.nth(i);
        expect(await button.getByTestId("history-number").textContent()).toBe(`№\u00a0${r.number}`);
        expect(await button.getByTestId("history-official-name").textContent()).toBe(r.official_name);
        expect(await button.getByTestId("history-official-position").textContent()).toBe(r.official_position);
        expect(await button.getByTestId("history-applied-at").textContent()).toBe(r.applied_at);
        expect(await button.getByTestId("history-reception-date").textContent()).toBe(r.reception_date);
        const status = button.getByTestId("history-status");
        expect(await status.getAttribute("data-status")).toBe(r.status);
        // Text, not colour alone: the label and the status in words.
        expect((await status.textContent())?.trim()).toBe(`${t("history-status")}: ${t(STATE[r.status])}`);
        expect(await button.getByTestId("history-checked-in").count(), r.number).toBe(r.checked_in ? 1 : 0);
        expect(await button.getByTestId("history-not-sent").count(), r.number).toBe(r.not_sent ? 1 : 0);
        const content = (await button.textContent())!;
        expect(content).toContain(`${t("history-applied-at")}:`);
        expect(content).toContain(`${t("history-reception-date")}:`);
        expect((await button.boundingBox())!.height, r.number).toBeGreaterThanOrEqual(96);
      }
      const checked = rows.findIndex((r) => r.checked_in);
      if (checked >= 0)
        expect((await row.nth(checked).getByTestId("history-checked-in").textContent())?.trim()).toBe(`✓ ${t("history-checked-in")}`);
      // Every status reads differently; the colours only repeat the words.
      const colours = await page.getByTestId("history-status").evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      expect(new Set(colours).size).toBe(new Set(rows.map((r) => r.status)).size);
      // The search, with its labels; no pages for three applications; no note: the server answered.
      expect(await page.locator("label[for=history-date]").textContent()).toBe(t("history-date"));
      expect(await text("history-date-hint")).toBe(t("history-date-hint"));
      expect(await page.locator("label[for=history-official]").textContent()).toBe(t("history-official"));
      for (const id of ["history-date-input", "history-official-input"])
        expect(await page.getByTestId(id).getAttribute("inputmode"), id).toBe("none");
      expect(await text("history-search-run")).toBe(t("history-search"));
      expect(await text("history-search-clear")).toBe(t("history-clear"));
      expect(await page.getByTestId("history-search-clear").isDisabled(), "nothing to clear yet").toBe(true);
      expect(await text("history-status-all")).toBe(t("history-status-all"));
      expect(await text("history-status-active")).toBe(t("status-active"));
      expect(await text("history-status-closed")).toBe(t("status-closed"));
      expect(await text("history-status-cancelled")).toBe(t("status-cancelled"));
      expect(await page.getByTestId("history-status-all").getAttribute("aria-pressed")).toBe("true");
      expect(await page.getByTestId("history-pager").count()).toBe(0);
      expect(await page.getByTestId("history-offline").count()).toBe(0);
      expect(await page.getByTestId("history-date-searched").count()).toBe(0);
      await checkSizes(`${lang} history`, 2 + 2 + 4 + 2 + rows.length);
      expect(await fitsOnThePanel()).toBe(true);
    });

    it("opens the application tapped, and Back comes back to the list", async () => {
      await openHistory(lang);
      const pick = rows[rows.length - 1];
      await page.locator(`[data-testid=history-row][data-booking-id="${pick.booking_id}"]`).tap();
      await page.locator("main[data-screen=application]").waitFor();
      await page.getByTestId("back").tap();
      await page.locator("main[data-screen=history]").waitFor();
      await inLang(lang);
      expect(await rowIds()).toEqual(idsOf(rows));
    });

    it("asks Rust again when the language changes", async () => {
      await openHistory("az");
      if (lang !== "az") {
        await tapLang(lang);
        await inLang(lang);
      }
      const langs = (await ipcCalls("history")).map((c) => c.args.lang);
      expect(langs.at(-1)).toBe(lang);
      expect(langs[0]).toBe("az");
      expect(await text("history-title")).toBe(t("history-title"));
      expect(await text("history-search-run")).toBe(t("history-search"));
    });
  });

  describe(`history search (${lang})`, () => {
    it("searches by status with one tap each: active, closed, cancelled, and all again", async () => {
      await openHistory(lang);
      const expected: Record<string, Row[]> = {
        active: rows.filter((r) => ACTIVE.includes(r.status)),
        closed: rows.filter((r) => r.status === "closed"),
        cancelled: rows.filter((r) => r.status === "cancelled"),
      };
      for (const status of ["active", "closed", "cancelled"]) {
        await page.getByTestId(`history-status-${status}`).tap();
        await expect.poll(rowIds, { message: status }).toEqual(idsOf(expected[status]));
        expect(await page.getByTestId(`history-status-${status}`).getAttribute("aria-pressed")).toBe("true");
        expect(await page.getByTestId("history-status-all").getAttribute("aria-pressed")).toBe("false");
        expect((await ipcCalls("history")).at(-1)!.args.query).toEqual({ date: "", official: "", status });
        for (const s of await page.getByTestId("history-status").evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))))
          expect(status === "active" ? ACTIVE : [status]).toContain(s);
      }
      // The count in the tab is every application, whatever the search.
      expect(await text("tab-history-count")).toBe(String(history.total));
      await page.getByTestId("history-status-all").tap();
      await expect.poll(rowIds).toEqual(idsOf(rows));
      expect((await ipcCalls("history")).at(-1)!.args.query).toEqual({ date: "", official: "", status: null });
    });

    it("searches by part of an official's name typed on the on-screen keyboard, with “AXTAR” beside it", async () => {
      await openHistory(lang);
      const keyboard = page.getByTestId("keyboard");
      expect(await keyboard.count(), "no keyboard until a field is focused").toBe(0);
      await page.getByTestId("history-official-input").tap();
      await keyboard.waitFor();
      expect(await keyboard.getAttribute("data-layout")).toBe(lang);
      // The field stays above the keyboard.
      const field = (await page.getByTestId("history-official-input").boundingBox())!;
      const dock = (await page.getByTestId("keyboard-dock").boundingBox())!;
      expect(field.y + field.height).toBeLessThanOrEqual(dock.y);
      expect(dock.y + dock.height).toBeLessThanOrEqual(1080);
      if (lang === "ru") await page.getByTestId("keyboard-layout-az").tap();
      const tap = keyTapper();
      await tap(...OFFICIAL_PART);
      expect(await page.getByTestId("history-official-input").inputValue()).toBe(OFFICIAL_PART);
      await checkSizes(`${lang} history with the keyboard`, 40);
      expect(await text("keyboard-search")).toBe(t("history-search"));
      await page.getByTestId("keyboard-search").tap();
      await keyboard.waitFor({ state: "detached" });
      const expected = rows.filter((r) => r.official_name.toLocaleLowerCase("az").includes(OFFICIAL_PART));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(rows.length);
      await expect.poll(rowIds).toEqual(idsOf(expected));
      expect((await ipcCalls("history")).at(-1)!.args.query).toEqual({ date: "", official: OFFICIAL_PART, status: null });
      // "Clear" empties the search and shows everything again.
      await page.getByTestId("history-search-clear").tap();
      await expect.poll(rowIds).toEqual(idsOf(rows));
      expect(await page.getByTestId("history-official-input").inputValue()).toBe("");
      expect((await ipcCalls("history")).at(-1)!.args.query).toEqual({ date: "", official: "", status: null });
    });

    it(`searches by a reception date typed with digits and “${TYPED_DATE[lang].charAt(1)}”, and says how Rust read it`, async () => {
      await openHistory(lang);
      await page.getByTestId("history-date-input").tap();
      await page.getByTestId("keyboard").waitFor();
      const tap = keyTapper();
      await tap(...TYPED_DATE[lang]);
      expect(await page.getByTestId("history-date-input").inputValue()).toBe(TYPED_DATE[lang]);
      // "AXTAR" beside the keys: the one under the fields is behind the keyboard.
      await page.getByTestId("keyboard-search").tap();
      await page.getByTestId("keyboard").waitFor({ state: "detached" });
      await expect.poll(() => text("history-date-searched")).toBe(t("history-date-searched", { date: WRITTEN_DATE[lang] }));
      expect(await rowIds()).toEqual(idsOf(rows.filter((r) => r.reception_date === "07.12.2026")));
      expect((await ipcCalls("history")).at(-1)!.args.query).toEqual({ date: TYPED_DATE[lang], official: "", status: null });
      await checkSizes(`${lang} history, a date searched`, 8);
    });

    it("a date Rust cannot read: its message under the field, the field marked, the list as it was", async () => {
      await openHistory(lang);
      await page.getByTestId("history-status-closed").tap();
      const closed = idsOf(rows.filter((r) => r.status === "closed"));
      await expect.poll(rowIds).toEqual(closed);
      const input = page.getByTestId("history-date-input");
      await input.fill("xyz");
      await page.getByTestId("history-search-run").tap();
      const error = page.getByTestId("history-date-error");
      await expect.poll(() => error.textContent().then((s) => s?.trim())).toBe(t("search-not-a-date", { input: "xyz" }));
      expect(await error.getAttribute("role")).toBe("alert");
      expect(await input.getAttribute("aria-invalid")).toBe("true");
      expect(await input.getAttribute("aria-describedby")).toContain("history-date-error");
      // Under the date field.
      const inputBox = (await input.boundingBox())!;
      const errorBox = (await error.boundingBox())!;
      expect(errorBox.y).toBeGreaterThanOrEqual(inputBox.y + inputBox.height);
      expect(await rowIds()).toEqual(closed);
      await checkSizes(`${lang} history, a date refused`, 8);
      // In another language, the same refusal in its words.
      const other: Lang = lang === "en" ? "az" : "en";
      await tapLang(other);
      await expect.poll(() => error.textContent().then((s) => s?.trim())).toBe(words(other, "search-not-a-date", { input: "xyz" }));
      await tapLang(lang);
      // Editing the date takes the refusal away.
      await input.fill("xy");
      expect(await error.count()).toBe(0);
      expect(await input.getAttribute("aria-invalid")).toBeNull();
    });

    it("no application matches: says so, with “clear search” bringing everything back", async () => {
      await openHistory(lang);
      await page.getByTestId("history-official-input").fill("zzzz");
      await page.getByTestId("history-search-run").tap();
      await expect.poll(() => text("history-no-match")).toBe(t("history-no-match"));
      expect(await page.getByTestId("history-row").count()).toBe(0);
      expect(await page.getByTestId("history-none").count()).toBe(0);
      expect(await text("history-no-match-clear")).toBe(t("history-clear-search"));
      expect(await text("tab-history-count")).toBe(String(history.total));
      await checkSizes(`${lang} history, no match`, 9);
      await page.getByTestId("history-no-match-clear").tap();
      await expect.poll(rowIds).toEqual(idsOf(rows));
      expect(await page.getByTestId("history-official-input").inputValue()).toBe("");
      expect(await page.getByTestId("history-status-all").getAttribute("aria-pressed")).toBe("true");
    });
  });

  describe(`history states (${lang})`, () => {
    it("the server cannot be reached: a quiet note says only this kiosk's applications are shown", async () => {
      await openHistory(lang, "history-offline");
      const note = page.getByTestId("history-offline");
      expect(await note.textContent()).toBe(t("history-offline"));
      expect(await note.getAttribute("role")).toBe("note");
      // At the top, above the list.
      const noteBox = (await note.boundingBox())!;
      const firstRow = (await page.getByTestId("history-row").first().boundingBox())!;
      expect(noteBox.y + noteBox.height).toBeLessThanOrEqual(firstRow.y);
      // This kiosk's application not yet on the server says so.
      expect(await page.getByTestId("history-row").first().getByTestId("history-not-sent").textContent()).toBe(t("history-not-sent"));
      expect(await page.getByTestId("history-not-sent").count()).toBe(1);
      await checkSizes(`${lang} history offline`, 10 + rows.length);
      expect(await fitsOnThePanel()).toBe(true);
    });

    it("no applications at all: says so, and offers to book an audience", async () => {
      await open("history", lang, "history-empty");
      await expect.poll(() => text("history-none")).toBe(t("history-none"));
      expect(await page.getByTestId("history-no-match").count()).toBe(0);
      expect(await page.getByTestId("history-search").count(), "nothing to search").toBe(0);
      expect(await text("tab-history-count")).toBe("0");
      expect(await text("history-book")).toBe(`${t("history-tab-book")} →`);
      await checkSizes(`${lang} history, none`, 3);
      await page.getByTestId("history-book").tap();
      await page.locator("main[data-screen=officials]").waitFor();
    });

    it("five to a page, with “previous”, “next” and “page 1 of 3”; a new search starts on page 1", async () => {
      await open("history", lang, "history-many");
      await expect.poll(() => page.getByTestId("history-row").count()).toBe(5);
      expect(await text("tab-history-count")).toBe("12");
      const pageText = (n: number) => t("history-page", { page: n, pages: 3 });
      await expect.poll(() => text("history-page")).toBe(pageText(1));
      const first = await rowIds();
      expect(await page.getByTestId("history-previous").isDisabled()).toBe(true);
      expect(await text("history-previous")).toBe(`← ${t("history-previous")}`);
      expect(await text("history-next")).toBe(`${t("history-next")} →`);
      await checkSizes(`${lang} history, pages`, 2 + 2 + 4 + 2 + 5 + 1);
      expect(await fitsOnThePanel()).toBe(true);
      await page.getByTestId("history-next").tap();
      await expect.poll(() => text("history-page")).toBe(pageText(2));
      const second = await rowIds();
      expect(second).toHaveLength(5);
      expect(second.filter((id) => first.includes(id))).toEqual([]);
      await page.getByTestId("history-next").tap();
      await expect.poll(() => text("history-page")).toBe(pageText(3));
      expect(await rowIds()).toHaveLength(2);
      expect(await page.getByTestId("history-next").isDisabled()).toBe(true);
      await page.getByTestId("history-previous").tap();
      await expect.poll(rowIds).toEqual(second);
      // Every status among the twelve, each in its words.
      const seen = new Set<string>();
      for (const n of [1, 2, 3]) {
        while ((await text("history-page")) !== pageText(n))
          await page.getByTestId(n < 2 ? "history-previous" : "history-next").tap();
        for (const s of await page.getByTestId("history-status").evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))))
          seen.add(s!);
      }
      expect([...seen].sort()).toEqual(Object.keys(STATE).sort());
      // A new search: page 1 of its own pages.
      await page.getByTestId("history-status-active").tap();
      await expect.poll(() => text("history-page")).toBe(t("history-page", { page: 1, pages: 2 }));
    });

    it("keeps the search and the page when the citizen opens an application and comes Back", async () => {
      await open("history", lang, "history-many");
      await expect.poll(() => page.getByTestId("history-row").count()).toBe(5);
      await page.getByTestId("history-status-active").tap();
      await expect.poll(() => text("history-page")).toBe(t("history-page", { page: 1, pages: 2 }));
      await page.getByTestId("history-next").tap();
      await expect.poll(() => text("history-page")).toBe(t("history-page", { page: 2, pages: 2 }));
      const shown = await rowIds();
      await page.getByTestId("history-row").first().tap();
      await page.locator("main[data-screen=application]").waitFor();
      await page.getByTestId("back").tap();
      await page.locator("main[data-screen=history]").waitFor();
      await expect.poll(() => text("history-page")).toBe(t("history-page", { page: 2, pages: 2 }));
      expect(await rowIds()).toEqual(shown);
      expect(await page.getByTestId("history-status-active").getAttribute("aria-pressed")).toBe("true");
      expect((await ipcCalls("history")).at(-1)!.args.query).toEqual({ date: "", official: "", status: "active" });
    });

    it("the card is gone (Rust says card-needed): its message, and no tabs", async () => {
      await open("history", lang, "", true);
      const failure = page.getByTestId("history-failure");
      await expect.poll(() => failure.textContent().then((s) => s?.trim())).toBe(t("citizen-card-needed"));
      expect(await failure.getAttribute("role")).toBe("alert");
      expect(await page.getByTestId("history-tabs").count()).toBe(0);
      expect(await page.getByTestId("history-retry").count(), "trying again needs a card, not a button").toBe(0);
    });

    it("the kiosk fails: Rust's message and “try again”", async () => {
      await open("history", lang, "history-failed");
      const failure = page.getByTestId("history-failure");
      await expect.poll(() => failure.locator("p").textContent()).toBe(t("citizen-failed"));
      expect(await text("history-retry")).toBe(t("retry"));
      await checkSizes(`${lang} history failed`, 3);
      const before = (await ipcCalls("history")).length;
      await page.getByTestId("history-retry").tap();
      await expect.poll(async () => (await ipcCalls("history")).length).toBeGreaterThan(before);
    });
  });
}
