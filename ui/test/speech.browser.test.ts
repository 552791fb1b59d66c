// Speech mode (issue 16) in Debian's Chromium, with Tauri's IPC mocked (harness.ts →
// mocks/access.ts): what each screen says when it opens, in az, ru and en (snapshots: read them,
// they must read naturally), notices and refusals as they appear, the sent screen's notice read
// out once printed, explore-by-touch, the countdown, and everything back to plain at the
// session's end. Rust does the speaking; the UI's utterances are read from `window.__spoken`.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "./browser";
import officials from "./officials.json";
import applications from "./applications.json";
import { translator } from "../src/lib/i18n";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Lang = "az" | "ru" | "en";
const LANGS: readonly Lang[] = ["az", "ru", "en"];
type Spoken = { kind: "speak" | "warning"; text: string };
type Call = { cmd: string; args: Record<string, unknown> };
const words = (lang: Lang) => translator(lang);
const az = words("az");
const OFFICIAL = "bilesuvar-1";
const BOOKING = "0190f0e4-7c3a-7000-8000-000000000001";
const BARCODE = "030400000610704";

async function spoken(): Promise<Spoken[]> {
  return page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken.slice());
}

/** The `n`-th utterance (1-based), once it has been said. */
async function said(n: number, timeout = 5000): Promise<Spoken> {
  await expect.poll(async () => (await spoken()).length, { timeout, message: `utterance ${n}` }).toBeGreaterThanOrEqual(n);
  return (await spoken())[n - 1];
}

/** Waits for what is said after the `n` utterances so far. */
async function next(n: number): Promise<string> {
  return (await said(n + 1)).text;
}

async function count(): Promise<number> {
  return (await spoken()).length;
}

async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

async function cursor(): Promise<string | null> {
  return page.evaluate(() => document.querySelector<HTMLElement>("[data-keypad-cursor]")?.dataset.testid ?? null);
}

/** Opens `query` in speech mode (in `lang`) and returns what the screen says. */
async function open(query: string, lang: Lang = "az"): Promise<string> {
  const sep = query.includes("?") ? "&" : "?";
  await page.goto(`${browser.base}${query}${sep}speech${lang === "az" ? "" : `&lang=${lang}`}`);
  // The first page of a file waits for Vite to prepare the modules.
  return (await said(1, 20_000)).text;
}

async function onScreen(name: string) {
  await page.locator(`main[data-screen=${name}]`).waitFor();
}

/** A keyboard-wedge scanner's line. */
async function scan(text: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

async function tap(testid: string) {
  const box = (await page.getByTestId(testid).first().boundingBox())!;
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

/** What Rust emits after every change of a print job. */
async function printQueueChanged() {
  await page.evaluate(() =>
    (window as unknown as { __emit: (event: string, payload: unknown) => Promise<void> }).__emit("print-queue-changed", {
      printer: "virtual printer",
      status: null,
      status_error: null,
      jobs: [],
    }),
  );
}

async function report(patch: Record<string, unknown>) {
  await page.evaluate((p) => {
    const w = window as unknown as { __report: (s: unknown) => void; __none: Record<string, unknown>; __gohar: unknown };
    w.__report({ ...w.__none, phase: "active", citizen: w.__gohar, access: { speech: true, volume: 3, large_text: false, high_contrast: false }, ...p });
  }, patch);
}

describe("what each screen says when it opens", () => {
  /** The screens, and how to open each (the checkin screen: by a scanned notice). */
  const SCREENS: Array<[string, string]> = [
    ["welcome", ""],
    ["welcome, a citizen", "?citizen"],
    ["welcome, an offline card", "?card-offline"],
    ["officials", "?screen=officials&citizen"],
    ["booking", `?screen=booking&officialId=${OFFICIAL}&citizen`],
    ["details", `?screen=details&officialId=${OFFICIAL}&citizen`],
    ["review", `?screen=review&officialId=${OFFICIAL}&citizen`],
    ["sent, printing", `?screen=sent&bookingId=${BOOKING}&number=10000061&citizen`],
    ["sent, printed", `?screen=sent&bookingId=${BOOKING}&number=10000061&citizen&notice=printed`],
    ["sent, not printed", `?screen=sent&bookingId=${BOOKING}&number=10000061&citizen&notice=failed`],
    ["history", "?screen=history&citizen"],
    ["application", `?screen=application&bookingId=${BOOKING}&citizen`],
  ];

  for (const lang of LANGS) {
    it(`in ${lang}`, async () => {
      const t = words(lang);
      const help = t("speech-help");
      const texts: Record<string, string> = {};
      for (const [name, query] of SCREENS) {
        const text = await open(query, lang);
        // The keypad's help, the first time in a visit (each page is a new visit).
        expect(text, name).toContain(help);
        texts[name] = text.replace(help, "[the keypad's help]");
      }
      // Checking in: the welcome screen spoke first; the checkin screen speaks without the help.
      await open("?citizen", lang);
      await scan(BARCODE);
      await onScreen("checkin");
      const checkin = await next(1);
      expect(checkin).not.toContain(help);
      texts.checkin = checkin;
      expect(texts).toMatchSnapshot();
    });
  }

  it("each screen starts with its title, and the cursor on its first item", async () => {
    const text = await open(`?screen=details&officialId=${OFFICIAL}&citizen`, "en");
    expect(text.startsWith(`${words("en")("details-title")}. `)).toBe(true);
    expect(text).toMatch(/Your e-mail, text field, empty, \d+ \/ \d+$/);
    expect(await cursor()).toBe("email-input");
  });
});

describe("notices and refusals as they appear", () => {
  it("a refused barcode is said", async () => {
    await open("");
    const n = await count();
    await scan("12345");
    await page.getByTestId("scan-problem").waitFor();
    expect(await next(n)).toBe(az("checkin-barcode-unreadable"));
  });

  it("Rust's refusals of the form are said with the screen they send the citizen to", async () => {
    await open(`?screen=details&officialId=${OFFICIAL}&citizen`);
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowDown");
    expect(await cursor()).toBe("details-next");
    const n = await count();
    await page.keyboard.press("Enter");
    // No date, topic… chosen: the booking screen, with each list's refusal, the cursor on the first list.
    await onScreen("booking");
    await expect.poll(async () => (await spoken()).at(-1)?.text ?? "").toContain(az("validation-social-status-missing"));
    const text = (await spoken()).at(-1)!.text;
    expect((await spoken()).length).toBeGreaterThan(n);
    expect(text.startsWith(az("booking-title"))).toBe(true);
    for (const id of ["validation-date-missing", "validation-topic-missing", "validation-social-status-missing"]) {
      expect(text, id).toContain(az(id));
    }
    expect(await cursor()).toBe("reception-date-2026-12-07");
    expect(text).toMatch(new RegExp(`${az("speech-role-choice")}, ${az("speech-state-not-selected")}, \\d+ / \\d+$`));
  });

  it("choosing says the choice's new state", async () => {
    await open(`?screen=booking&officialId=${OFFICIAL}&citizen`);
    expect(await cursor()).toBe("reception-date-2026-12-07");
    const n = await count();
    await page.keyboard.press("Enter");
    expect(await next(n)).toMatch(new RegExp(`, ${az("speech-role-choice")}, ${az("speech-state-selected")}, \\d+ / \\d+$`));
    expect(await page.getByTestId("reception-date-2026-12-07").getAttribute("aria-checked")).toBe("true");
    // A date with no places left: pressed, it explains why (a status), and is said unavailable.
    await page.keyboard.press("ArrowDown");
    expect(await cursor()).toBe("reception-date-2026-12-14");
    const m = await count();
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await spoken()).length).toBeGreaterThan(m);
    expect(await next(m)).toContain(az("form-date-full-why"));
  });

  it("the sent screen reads the notice out once it is printed", async () => {
    const opened = await open(`?screen=sent&bookingId=${BOOKING}&number=10000061&citizen`);
    expect(opened).toContain(az("sent-printing"));
    const app = applications.az.application;
    // What the notice says comes once it is printed.
    expect(opened).not.toContain(az("speech-notice-room", { room: app.room! }));
    const n = await count();
    await page.evaluate(() => (window as unknown as { __setNotice: (state: string) => void }).__setNotice("printed"));
    await printQueueChanged();
    await page.getByTestId("sent-printed").waitFor();
    const official = officials.az.officials.find((o) => o.id === OFFICIAL)!;
    expect(await next(n)).toBe(
      `${az("sent-printed")}. ` +
        az("speech-notice", {
          number: "10000061",
          official: `${app.row.official_position}, ${app.row.official_name}`,
          when: `${app.row.reception_date}, ${official.reception_hours}`,
        }) +
        ` ${az("speech-notice-room", { room: app.room! })}`,
    );
  });
});

describe("explore by touch", () => {
  it("the first touch says the item and does nothing else; the second presses it", async () => {
    await open("");
    const n = await count();
    await tap("start");
    expect(await next(n)).toMatch(new RegExp(`^${az("welcome-start")}, ${az("speech-role-button")}, \\d+ / \\d+$`));
    expect(await cursor()).toBe("start");
    await page.waitForTimeout(300);
    await onScreen("welcome");
    await tap("start");
    await onScreen("officials");
    // Touching text that is no item says nothing.
    await expect.poll(async () => (await spoken()).at(-1)?.text ?? "").toMatch(new RegExp(`^${az("officials-title")}`));
    const m = await count();
    await tap("officials-title");
    await page.waitForTimeout(400);
    expect(await count()).toBe(m);
  });

  it("an on-screen keyboard's key is typed on the second touch only", async () => {
    await open(`?screen=details&officialId=${OFFICIAL}&citizen`);
    // The field: the first touch says it (no keyboard), the second opens the keyboard.
    await tap("phone-input");
    expect((await spoken()).at(-1)?.text).toBeDefined();
    await expect.poll(async () => (await spoken()).at(-1)?.text).toMatch(new RegExp(`^${az("form-phone")}, ${az("speech-role-field")}`));
    await page.waitForTimeout(300);
    expect(await page.getByTestId("keyboard").count()).toBe(0);
    await tap("phone-input");
    await page.getByTestId("keyboard").waitFor();
    await page.waitForTimeout(300);
    const input = page.getByTestId("phone-input");
    const before = await input.inputValue();
    let n = await count();
    await tap("key-5");
    expect(await next(n)).toMatch(new RegExp(`^5, ${az("speech-role-key")}, \\d+ / \\d+$`));
    await page.waitForTimeout(300);
    expect(await input.inputValue()).toBe(before);
    n = await count();
    await tap("key-5");
    // Typed, and said.
    await expect.poll(() => input.inputValue()).not.toBe(before);
    expect(await input.inputValue()).toContain("5");
    expect(await next(n)).toBe("5");
    // The field kept the focus all along.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("phone-input");
  });

  it("outside speech mode one touch presses, as ever, and nothing is said", async () => {
    await page.goto(browser.base);
    await page.locator("section.welcome").waitFor();
    await tap("start");
    await onScreen("officials");
    expect(await ipcCalls("speak")).toEqual([]);
    expect(await page.evaluate(() => document.querySelector("[data-keypad-cursor]"))).toBeNull();
  });
});

describe("the countdown in speech mode", () => {
  it("warns with a tone and says how to get more time; the cursor is on 'more time', and Select gives it", async () => {
    await page.goto(`${browser.base}?countdown&speech`);
    await page.getByTestId("countdown").waitFor();
    await expect.poll(async () => (await spoken()).filter((s) => s.kind === "warning"), { timeout: 20_000 }).toEqual([
      { kind: "warning", text: `${az("speech-countdown", { seconds: 12 })} ${az("speech-more-time")}` },
    ]);
    await expect.poll(cursor).toBe("more-time");
    // Nothing is said over the warning.
    expect((await spoken()).filter((s) => s.kind === "speak")).toEqual([]);
    // The seconds again at 10 and 5, not in between.
    for (const seconds of [11, 10, 9, 5]) await report({ phase: "countdown", seconds_left: seconds });
    await expect
      .poll(async () => (await spoken()).filter((s) => s.text.startsWith(az("speech-countdown", { seconds: 99 }).slice(0, 8))).map((s) => s.text))
      .toEqual([
        `${az("speech-countdown", { seconds: 12 })} ${az("speech-more-time")}`,
        az("speech-countdown", { seconds: 10 }),
        az("speech-countdown", { seconds: 5 }),
      ]);
    const touches = (await ipcCalls("session_touch")).length;
    await page.keyboard.press("Enter");
    await page.getByTestId("countdown").waitFor({ state: "detached" });
    expect((await ipcCalls("session_touch")).length).toBeGreaterThan(touches);
  });
});

describe("the session's end", () => {
  it("turns speech mode off: the next person starts plain", async () => {
    await open("?citizen");
    await page.keyboard.press("ArrowUp");
    expect(await cursor()).toBe("session-finish");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.speech)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelector("[data-keypad-cursor]"))).toBeNull();
    expect(await ipcCalls("session_finish")).toHaveLength(1);
    // One touch presses again.
    await tap("start");
    await onScreen("officials");
  });
});
