// Checking in on the reception day (issue 15) in Debian's Chromium, with Tauri's IPC mocked
// (harness.ts → mocks/checkin.ts): a card inserted at the welcome screen checks its citizen in
// when they have an audience today (else the officials list opens, as before), a notice's barcode
// typed by a keyboard-wedge scanner checks in from any screen, and the checkin screen says what
// came of it, in words from the same .ftl files the kiosk ships.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectReadable, expectTouchable, useBrowser } from "./browser";
import officials from "./officials.json";
import { translator } from "../src/lib/i18n";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Lang = "az" | "ru" | "en";
const LANGS: readonly Lang[] = ["az", "ru", "en"];
type Outcome = "checked-in" | "already-checked-in" | "other-day" | "cancelled" | "unknown" | "unverified";
const OUTCOMES: readonly Outcome[] = ["checked-in", "already-checked-in", "other-day", "cancelled", "unknown", "unverified"];
/** A notice's barcode as its 15 digits: created 03.04, number 10000061, reception 07.04. */
const BARCODE = "030400000610704";
const NUMBER = "10000061";
const DATE = "07.12.2026";
const official = (lang: Lang) => officials[lang].officials.find((o) => o.id === "bilesuvar-1")!;
/** The official's room, as the catalog words it in each language. */
const ROOM: Record<Lang, string> = { az: official("az").room!, ru: official("ru").room!, en: official("en").room! };
const words = (lang: Lang, id: string, args?: Record<string, string | number>) => translator(lang)(id, args);

/** The headline each outcome shows. */
const HEADLINE: Record<Outcome, (lang: Lang) => string> = {
  "checked-in": (l) => words(l, "checkin-checked-in"),
  "already-checked-in": (l) => words(l, "checkin-already-checked-in"),
  "other-day": (l) => words(l, "checkin-other-day", { date: DATE }),
  cancelled: (l) => words(l, "checkin-cancelled"),
  unknown: (l) => words(l, "checkin-unknown"),
  unverified: (l) => words(l, "checkin-unverified"),
};

async function open(query = "") {
  await page.goto(browser.base + query);
  await page.locator("section.welcome").waitFor();
}

async function onScreen(name: string) {
  await page.locator(`main[data-screen=${name}]`).waitFor();
}

async function tapLang(lang: Lang) {
  await page.getByTestId(`lang-${lang}`).tap();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

type Call = { cmd: string; args: Record<string, unknown> };
async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

/** A keyboard-wedge scanner's line: its keys outside any field, then Enter. */
async function scan(text: string) {
  // A tapped button keeps the focus; the scanner types wherever nothing is focused.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** The welcome screen, in `lang`, with a demo card that has a check-in `query` asks of the mock. */
async function insertCard(lang: Lang, query: string) {
  await open(`?demo&${query}`);
  if (lang !== "az") await tapLang(lang);
  await page.getByTestId("demo-insert-0").tap();
}

const text = async (testid: string) => (await page.getByTestId(testid).first().textContent())?.trim();

/** The test ids of the buttons the checkin screen offers, in order. */
async function buttons(): Promise<string[]> {
  return page.$$eval("main[data-screen=checkin] button", (bs) => bs.map((b) => b.getAttribute("data-testid") ?? ""));
}

/**
 * Every touch target in `main` is at least 80×80 px with at least 8 px between any two, no text
 * in it is under 28 px, and nothing needs scrolling on the 1920×1080 panel.
 */
async function checkLayout(what: string) {
  const targets = await page.$$eval("main :is(button, [role=button], input, textarea)", (els) =>
    els
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.getAttribute("data-testid") ?? e.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
  );
  expectTouchable(what, targets);
  await expectReadable(page, what);
  const [scroll, client] = await page.evaluate(() => {
    const m = document.querySelector("main")!;
    return [m.scrollHeight, m.clientHeight];
  });
  expect(scroll, `${what}: fits without scrolling`).toBeLessThanOrEqual(client);
  // Nothing runs out of the screen sideways (a long Russian word, say).
  const wide = await page.$$eval("main *", (els) =>
    els.filter((e) => e.getBoundingClientRect().right > 1920 || e.scrollWidth > e.clientWidth + 1).map((e) => e.className),
  );
  expect(wide, `${what}: overflowing sideways`).toEqual([]);
}

/** What one row of the checkin screen says, by its parts (absent: undefined). */
async function rowParts(i = 0) {
  const row = page.getByTestId("checkin-row").nth(i);
  const part = async (testid: string) =>
    (await row.getByTestId(testid).count()) > 0 ? (await row.getByTestId(testid).textContent())?.trim() : undefined;
  return {
    outcome: await row.getAttribute("data-outcome"),
    headline: await part("checkin-headline"),
    advice: await part("checkin-advice"),
    position: await part("checkin-official-position"),
    name: await part("checkin-official-name"),
    room: await part("checkin-room"),
    place: await part("checkin-place"),
    date: await part("checkin-date"),
    number: await part("checkin-number"),
    queued: await part("checkin-queued"),
  };
}

/** What a row of `outcome` says in `lang` (as the mock answers: official bilesuvar-1, place 3). */
function expected(outcome: Outcome, lang: Lang, queued = false) {
  const here = outcome === "checked-in" || outcome === "already-checked-in";
  const withOfficial = outcome !== "unknown" && outcome !== "unverified";
  return {
    outcome,
    headline: HEADLINE[outcome](lang),
    advice:
      outcome === "unknown"
        ? words(lang, "checkin-ask-receptionist")
        : outcome === "unverified"
          ? words(lang, "checkin-show-receptionist")
          : undefined,
    position: withOfficial ? official(lang).position : undefined,
    name: withOfficial ? official(lang).full_name : undefined,
    room: here ? words(lang, "checkin-room", { room: ROOM[lang] }) : undefined,
    place: here && !queued ? words(lang, "checkin-place", { place: 3 }) : undefined,
    date: outcome === "cancelled" ? `${words(lang, "checkin-date")} ${DATE}` : undefined,
    number: outcome === "unknown" ? undefined : NUMBER,
    queued: queued ? words(lang, "checkin-queued") : undefined,
  };
}

/** Whitespace between a label and its value, as the page lays them out, made one space. */
const squeeze = <T extends Record<string, unknown>>(parts: T): T =>
  Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, typeof v === "string" ? v.replace(/\s+/g, " ") : v])) as T;

describe("a card inserted at the welcome screen", () => {
  it("with an audience today checks its citizen in: where to go, the place in the line, the number", async () => {
    await insertCard("az", "checkin=checked-in");
    await onScreen("checkin");
    expect(await text("checkin-title")).toBe(words("az", "checkin-title"));
    expect(squeeze(await rowParts())).toEqual(expected("checked-in", "az"));
    // The number in the line stands out from its sentence.
    expect(await page.getByTestId("checkin-place").locator("strong").textContent()).toBe("3");
    expect(await page.getByTestId("checkin-room").locator("strong").textContent()).toBe(ROOM.az);
    // Asked once, for the session the card started, in the session's language.
    const calls = await ipcCalls("check_in_card");
    expect(calls.map((c) => c.args)).toEqual([{ generation: expect.any(Number), lang: "az" }]);
    expect(await buttons()).toEqual(["checkin-history", "checkin-book", "checkin-finish"]);
    await checkLayout("checked in, az");
  });

  it("without an audience today opens the officials list, as before", async () => {
    await insertCard("az", "");
    await onScreen("officials");
    expect(await ipcCalls("check_in_card")).toHaveLength(1);
    await page.getByTestId("back").tap();
    await page.getByTestId("session-greeting").waitFor();
  });

  it("that Rust cannot check in (an error) opens the officials list too", async () => {
    await insertCard("ru", "checkin=error");
    await onScreen("officials");
    expect((await ipcCalls("check_in_card")).map((c) => c.args.lang)).toEqual(["ru"]);
  });

  for (const lang of LANGS) {
    it(`whose check-in waits for the connection says so, and gives no place in the line (${lang})`, async () => {
      await insertCard(lang, "checkin=checked-in&checkin-queued");
      await onScreen("checkin");
      expect(squeeze(await rowParts()), lang).toEqual(expected("checked-in", lang, true));
      await checkLayout(`queued, ${lang}`);
    });

    it(`with two audiences today shows both, side by side, without scrolling (${lang})`, async () => {
      await insertCard(lang, "checkin=checked-in,already-checked-in");
      await onScreen("checkin");
      expect(await page.getByTestId("checkin-row").count()).toBe(2);
      expect(squeeze(await rowParts(0)), lang).toEqual(expected("checked-in", lang));
      expect(squeeze(await rowParts(1)), lang).toEqual(expected("already-checked-in", lang));
      const [a, b] = await page.getByTestId("checkin-row").evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().top));
      expect(a, "side by side").toBe(b);
      await checkLayout(`two rows, ${lang}`);
    });
  }
});

describe("the checkin screen", () => {
  for (const lang of LANGS) {
    for (const outcome of OUTCOMES) {
      it(`shows a card's check-in ${outcome} in ${lang}, with the citizen's buttons`, async () => {
        await insertCard(lang, `checkin=${outcome}`);
        await onScreen("checkin");
        expect(squeeze(await rowParts()), `${outcome} in ${lang}`).toEqual(expected(outcome, lang));
        expect(await text("checkin-title")).toBe(words(lang, "checkin-title"));
        expect(await buttons()).toEqual(["checkin-history", "checkin-book", "checkin-finish"]);
        expect(await text("checkin-history")).toBe(words(lang, "checkin-my-applications"));
        expect(await text("checkin-book")).toBe(words(lang, "checkin-book-another"));
        expect(await text("checkin-finish")).toBe(words(lang, "session-finish"));
        await checkLayout(`${outcome}, ${lang}`);
      });
    }
  }

  it("rewords the officials in the language chosen on it, without checking in again", async () => {
    await insertCard("az", "checkin=checked-in");
    await onScreen("checkin");
    for (const lang of ["en", "ru", "az"] as const) {
      await tapLang(lang);
      await expect.poll(() => text("checkin-headline")).toBe(words(lang, "checkin-checked-in"));
      await expect.poll(() => text("checkin-official-position")).toBe(official(lang).position);
      expect(await text("checkin-place")).toBe(words(lang, "checkin-place", { place: 3 }));
      expect(await text("checkin-finish")).toBe(words(lang, "session-finish"));
    }
    expect(await ipcCalls("check_in_card"), "the arrival is recorded once").toHaveLength(1);
  });

  it("leads to the citizen's applications, to booking another audience, and Finish ends the visit", async () => {
    await insertCard("az", "checkin=checked-in");
    await onScreen("checkin");
    await page.getByTestId("checkin-history").tap();
    await onScreen("history");
    await page.getByTestId("back").tap();
    await onScreen("checkin");
    // Back keeps what the check-in found.
    expect(await text("checkin-headline")).toBe(words("az", "checkin-checked-in"));
    await page.getByTestId("checkin-book").tap();
    await onScreen("officials");
    await page.getByTestId("back").tap();
    await onScreen("checkin");
    await page.getByTestId("checkin-finish").tap();
    await page.getByTestId("card-prompt").waitFor();
    expect(await ipcCalls("session_finish")).toHaveLength(1);
    expect(await page.getByTestId("citizen-bar").count(), "the citizen is gone").toBe(0);
    expect(await page.getByTestId("back").count()).toBe(0);
    // Nothing of the check-in is left on the page.
    const html = await page.content();
    for (const trace of [NUMBER, official("az").full_name, ROOM.az]) expect(html, trace).not.toContain(trace);
  });

  it("opened without a check-in shows nothing but Finish", async () => {
    for (const query of ["", "&citizen"]) {
      await page.goto(`${browser.base}?screen=checkin${query}`);
      await onScreen("checkin");
      expect(await page.getByTestId("checkin-row").count()).toBe(0);
      expect(await buttons()).toEqual(["checkin-finish"]);
      await checkLayout(`empty${query}`);
    }
  });
});

describe("a notice's barcode scanned", () => {
  for (const lang of LANGS) {
    for (const outcome of OUTCOMES) {
      it(`at the welcome screen checks in (${outcome}) in ${lang}: Finish only, without a card`, async () => {
        await open(`?barcode=${outcome}`);
        if (lang !== "az") await tapLang(lang);
        await scan(BARCODE);
        await onScreen("checkin");
        expect(squeeze(await rowParts()), `${outcome} in ${lang}`).toEqual(expected(outcome, lang));
        expect(await buttons()).toEqual(["checkin-finish"]);
        await checkLayout(`scanned ${outcome}, ${lang}`);
      });
    }
  }

  it("goes to the check-in, its digits only, and not to the MRZ reader; an MRZ line still does", async () => {
    await open();
    await scan(BARCODE);
    await onScreen("checkin");
    expect((await ipcCalls("check_in_barcode")).map((c) => c.args)).toEqual([{ barcode: BARCODE, lang: "az" }]);
    expect(await ipcCalls("submit_mrz")).toEqual([]);
    // Spaces between the groups are left out; from the checkin screen too.
    await scan("0304 0000 0610 704");
    await expect.poll(async () => (await ipcCalls("check_in_barcode")).length).toBe(2);
    expect((await ipcCalls("check_in_barcode"))[1].args).toEqual({ barcode: BARCODE, lang: "az" });
    await onScreen("checkin");
    const mrz = ["IDAZEAA12345674<<<<<<<<<<<<<<<", "8003054F3106309AZE5ZK7Q2M<<<<8", "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<"];
    for (const line of mrz) await scan(line);
    await expect.poll(async () => (await ipcCalls("submit_mrz")).length).toBe(3);
    expect((await ipcCalls("submit_mrz")).map((c) => c.args)).toEqual(mrz.map((line) => ({ text: `${line}\n` })));
    expect(await ipcCalls("check_in_barcode")).toHaveLength(2);
  });

  it("on another screen, with a card in, opens the checkin screen over it; Back returns", async () => {
    await page.goto(`${browser.base}?screen=officials&citizen`);
    await onScreen("officials");
    await page.getByTestId("officials").waitFor();
    await scan(BARCODE);
    await onScreen("checkin");
    expect(await text("checkin-headline")).toBe(words("az", "checkin-checked-in"));
    expect(await buttons()).toEqual(["checkin-history", "checkin-book", "checkin-finish"]);
    await page.getByTestId("back").tap();
    await onScreen("officials");
  });

  it("that is not a notice's is refused on the welcome screen, in the session's language, until the next touch or scan", async () => {
    await open();
    const banner = page.getByTestId("scan-problem");
    for (const lang of LANGS) {
      if (lang !== "az") await tapLang(lang);
      // The language's tap was a touch: nothing is shown before the scan.
      expect(await banner.count()).toBe(0);
      await scan("12345");
      await banner.waitFor();
      expect(await banner.textContent()).toBe(words(lang, "checkin-barcode-unreadable"));
      expect(await banner.getAttribute("role")).toBe("alert");
      expect(await page.locator("main").getAttribute("data-screen")).toBe("welcome");
    }
    // The next touch clears it.
    await page.getByTestId("welcome-title").tap();
    await banner.waitFor({ state: "detached" });
    // So does the next scan, which checks in.
    await scan("1234567890123456");
    await banner.waitFor();
    await scan(BARCODE);
    await onScreen("checkin");
    await page.getByTestId("back").tap();
    await page.getByTestId("welcome-title").waitFor();
    expect(await banner.count()).toBe(0);
    expect((await ipcCalls("check_in_barcode")).map((c) => c.args.barcode)).toEqual([
      "12345",
      "12345",
      "12345",
      "1234567890123456",
      BARCODE,
    ]);
    expect(await ipcCalls("submit_mrz")).toEqual([]);
  });

  it("answered after the visit was replaced shows on the visit current then", async () => {
    await page.goto(`${browser.base}?screen=officials&citizen&barcode-slow`);
    await page.getByTestId("officials").waitFor();
    await scan(BARCODE);
    // The session ends (the card taken out) while Rust is asked: a new visit, on welcome.
    await page.evaluate(() => {
      const w = window as unknown as { __report: (s: unknown) => void; __none: Record<string, unknown> };
      w.__report({ ...w.__none, ended: "card-removed" });
    });
    await page.getByTestId("card-prompt").waitFor();
    await onScreen("checkin");
    expect(await page.getByTestId("checkin-row").count(), "the answer is on the new visit").toBe(1);
    expect(await text("checkin-headline")).toBe(words("az", "checkin-checked-in"));
    // Nobody's card is in: nothing but Finish.
    expect(await buttons()).toEqual(["checkin-finish"]);
    await page.getByTestId("back").tap();
    await page.getByTestId("card-prompt").waitFor();
  });
});
