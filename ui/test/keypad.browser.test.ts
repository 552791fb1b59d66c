// The tactile keypad (issue 16, EZ-Access: up, down, select, back, help, volume) in Debian's
// Chromium, with Tauri's IPC mocked (harness.ts → mocks/access.ts): a keypad key turns speech
// mode on, the keys move a virtual cursor over every item of a screen in order (the on-screen
// keyboard by rows), Select presses, Back goes back, and a keyboard-wedge scanner's lines still
// reach Rust. What would be spoken is read from `window.__spoken`.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "./browser";
import bookingOptions from "./booking-options.json";
import officials from "./officials.json";
import { translator } from "../src/lib/i18n";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Spoken = { kind: "speak" | "warning"; text: string };
type Call = { cmd: string; args: Record<string, unknown> };
const az = translator("az");
const OFFICIAL = "bilesuvar-1";
/** The keys that turn speech mode on (all the keypad's but Select). */
const KEYPAD_KEYS = ["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "PageDown", "PageUp", "Escape", "F1", "?", "+", "-", "p"];

async function spoken(): Promise<Spoken[]> {
  return page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken.slice());
}

/** The `n`-th utterance (1-based), once it has been said. */
async function said(n: number, timeout = 5000): Promise<string> {
  await expect.poll(async () => (await spoken()).length, { timeout, message: `utterance ${n}` }).toBeGreaterThanOrEqual(n);
  return (await spoken())[n - 1].text;
}

/** Presses `key` and returns what is said next. */
async function press(key: string): Promise<string> {
  const before = (await spoken()).length;
  await page.keyboard.press(key);
  return said(before + 1);
}

async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

/** The item under the keypad's cursor: its test id (an official's with its id). */
async function cursor(): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>("[data-keypad-cursor]");
    if (!el) return null;
    const id = el.dataset.testid ?? el.textContent?.trim() ?? "";
    return el.dataset.officialId ? `${id}:${el.dataset.officialId}` : id;
  });
}

/** Opens `query` in speech mode and waits for the screen to be spoken. */
async function open(query: string): Promise<string> {
  await page.goto(`${browser.base}${query}${query.includes("?") ? "&" : "?"}speech`);
  // The first page of a file waits for Vite to prepare the modules.
  return said(1, 20_000);
}

async function onScreen(name: string) {
  await page.locator(`main[data-screen=${name}]`).waitFor();
}

/** The header's items (the access bar, the language switch), in order: every screen has them. */
async function headerItems(): Promise<string[]> {
  return page.$$eval("header button", (els) => els.map((e) => (e as HTMLElement).dataset.testid ?? ""));
}

/**
 * Presses ArrowDown until the cursor is back where it started, and returns the items it went
 * through (from the one after the start, round to the start) with their spoken positions.
 */
async function walk(): Promise<{ items: string[]; positions: string[] }> {
  const start = await cursor();
  const items: string[] = [];
  const positions: string[] = [];
  for (let i = 0; i < 200; i++) {
    const text = await press("ArrowDown");
    items.push((await cursor()) ?? "");
    positions.push(text.match(/(\d+) \/ (\d+)$/)?.[0] ?? text);
    if (items[items.length - 1] === start) break;
  }
  return { items, positions };
}

/** `list` rotated to start right after `first`, ending with it (the order `walk` goes in). */
function after(list: string[], first: string): string[] {
  const at = list.indexOf(first);
  return [...list.slice(at + 1), ...list.slice(0, at + 1)];
}

describe("turning speech mode on", () => {
  it("any keypad key but Select turns it on, and the screen is spoken", async () => {
    for (const key of KEYPAD_KEYS) {
      await page.goto(browser.base);
      await page.locator("section.welcome").waitFor();
      await page.keyboard.press(key);
      await expect.poll(() => ipcCalls("access_set"), { message: key }).toEqual([
        { cmd: "access_set", args: { change: { speech: true, large_text: null, high_contrast: null } } },
      ]);
      const text = await said(1, 20_000);
      expect(text, key).toMatch(new RegExp(`^${az("welcome-title")} ${az("welcome-subtitle")}`));
      expect(text, key).toContain(az("speech-help"));
      expect(text, key).toMatch(new RegExp(`${az("welcome-start")}, ${az("speech-role-button")}, \\d+ / \\d+$`));
      expect(await page.evaluate(() => document.documentElement.dataset.speech)).toBe("on");
      expect(await cursor()).toBe("start");
      // The key only turned speech on: nothing else happened.
      expect(await ipcCalls("speech_control"), key).toEqual([]);
      await onScreen("welcome");
    }
  });

  it("Enter alone does not, nor do the scanner's characters", async () => {
    await page.goto(browser.base);
    await page.locator("section.welcome").waitFor();
    await page.keyboard.press("Enter");
    await page.keyboard.type("12");
    await page.waitForTimeout(400);
    expect(await ipcCalls("access_set")).toEqual([]);
    expect(await spoken()).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.dataset.speech)).toBeUndefined();
  });

  it("a notice's barcode, typed fast by a scanner, still checks in (its Enter selects nothing)", async () => {
    await open("");
    expect(await cursor()).toBe("start");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.type("030400000610704");
    await page.keyboard.press("Enter");
    await onScreen("checkin");
    expect((await ipcCalls("check_in_barcode")).map((c) => c.args.barcode)).toEqual(["030400000610704"]);
    // "+" and "-" inside the line were the scanner's too: no volume change.
    await page.keyboard.type("12-3+4");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await ipcCalls("submit_mrz")).length).toBe(1);
    expect((await ipcCalls("submit_mrz"))[0].args).toEqual({ text: "12-3+4\n" });
    expect(await ipcCalls("speech_control")).toEqual([]);
  });
});

describe("the keys", () => {
  it("next and previous move the cursor and say the item; Select presses it; Back goes back", async () => {
    await open("");
    const header = await headerItems();
    const total = header.length + 1;
    expect(await cursor()).toBe("start");
    // Up: the item before (the last language), with its place among the screen's items.
    expect(await press("ArrowUp")).toBe(`English, ${az("speech-role-button")}, ${total - 1} / ${total}`);
    expect(await cursor()).toBe("lang-en");
    expect(await press("PageDown")).toBe(`${az("welcome-start")}, ${az("speech-role-button")}, ${total} / ${total}`);
    // Past the last item: round to the first.
    await press("ArrowRight");
    expect(await cursor()).toBe(header[0]);
    await press("ArrowLeft");
    expect(await cursor()).toBe("start");
    // Select: the officials screen, spoken (the keypad's help only once a visit).
    const officialsText = await press("Enter");
    await onScreen("officials");
    expect(officialsText).toMatch(new RegExp(`^${az("officials-title")}\\.`));
    expect(officialsText).not.toContain(az("speech-help"));
    // The cursor starts on the screen's first item.
    expect(await cursor()).toBe(`official:${officials.az.officials[0].id}`);
    // Back: the nav bar's.
    const welcomeText = await press("Escape");
    await onScreen("welcome");
    expect(welcomeText).toMatch(new RegExp(`^${az("welcome-title")}`));
    expect(await cursor()).toBe("start");
    // No screen before the welcome screen: Back says so.
    expect(await press("Escape")).toBe(az("speech-no-back"));
    await onScreen("welcome");
  });

  it("help repeats the screen and the keypad's help; volume and pause go to Rust", async () => {
    await open("");
    const help = await press("?");
    expect(help).toBe(
      `${az("welcome-title")} ${az("welcome-subtitle")} ${az("card-prompt")}. ${az("welcome-hint")}. ${az("speech-help")}`,
    );
    expect(await press("F1")).toBe(help);
    // Volume up: Rust reports the new level, which is said.
    expect(await press("+")).toBe(az("speech-volume", { volume: 4, max: 5 }));
    expect(await press("AudioVolumeUp")).toBe(az("speech-volume", { volume: 5, max: 5 }));
    expect(await press("-")).toBe(az("speech-volume", { volume: 4, max: 5 }));
    await page.keyboard.press("NumpadSubtract");
    await page.keyboard.press("p");
    await page.keyboard.press("MediaPlayPause");
    await expect
      .poll(async () => (await ipcCalls("speech_control")).map((c) => c.args.control))
      .toEqual(["volume-up", "volume-up", "volume-down", "volume-down", "pause", "pause"]);
  });

  it("Select on an unavailable item says so and presses nothing", async () => {
    await open("?screen=officials&many-officials");
    expect(await cursor()).toBe("officials-search-input");
    expect(await press("ArrowDown")).toMatch(
      new RegExp(`^${az("officials-search-clear")}, ${az("speech-role-button")}, ${az("speech-state-unavailable")}, \\d+ / \\d+$`),
    );
    expect(await press("Enter")).toMatch(new RegExp(`^${az("speech-unavailable")} ${az("officials-search-clear")}, `));
    await onScreen("officials");
  });
});

describe("every item of a screen, in order", () => {
  const dates = bookingOptions.az.dates.map((d) => `reception-date-${d.date}`);
  const SCREENS: Array<[string, string, string[]]> = [
    ["welcome", "", ["start"]],
    [
      "officials",
      "?screen=officials&citizen",
      ["tab-officials", "tab-history", ...officials.az.officials.map((o) => `official:${o.id}`)],
    ],
    [
      "booking",
      `?screen=booking&officialId=${OFFICIAL}&citizen`,
      [
        ...dates,
        ...bookingOptions.az.topics.map((c) => `topic-${c.id}`),
        ...bookingOptions.az.social_statuses.map((c) => `social-status-${c.id}`),
        ...bookingOptions.az.privileges.map((c) => `privilege-${c.id}`),
        "booking-next",
      ],
    ],
    [
      "details",
      `?screen=details&officialId=${OFFICIAL}&citizen`,
      ["email-input", "phone-input", "workplace-input", "position-input", "address-same", "note-input", "details-next"],
    ],
    [
      "review",
      `?screen=review&officialId=${OFFICIAL}&citizen`,
      [
        ...["official", "reception-date", "topic", "social-status", "privilege"].map((f) => `edit-${f}`),
        ...["email", "phone", "workplace", "position", "address", "note"].map((f) => `edit-${f}`),
        "send",
      ],
    ],
    ["sent", "?screen=sent&bookingId=0190f0e4-7c3a-7000-8000-000000000001&number=10000061&citizen", ["sent-history", "sent-finish"]],
  ];

  for (const [name, query, main] of SCREENS) {
    it(`${name}: the header, the nav bar and the screen's ${main.length} items`, async () => {
      await open(query);
      await onScreen(name);
      const nav = name === "welcome" ? [] : ["back", "home"];
      const all = [...(await headerItems()), ...nav, ...main];
      // The cursor starts on the screen's first item.
      expect(await cursor()).toBe(main[0]);
      const { items, positions } = await walk();
      expect(items).toEqual(after(all, main[0]));
      // Each said with its place: "n / N", the start last.
      const start = all.indexOf(main[0]) + 1;
      expect(positions).toEqual(after(all.map((_, i) => `${i + 1} / ${all.length}`), `${start} / ${all.length}`));
    });
  }

  it("details: Select on a field opens its keyboard and goes to its keys, row by row; Select types", async () => {
    await open(`?screen=details&officialId=${OFFICIAL}&citizen`);
    expect(await cursor()).toBe("email-input");
    const text = await press("Enter");
    await page.getByTestId("keyboard").waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("email-input");
    // The field, the keyboard, and its first key.
    expect(text).toMatch(new RegExp(`^${az("form-email")}, ${az("speech-role-field")}, ${az("speech-state-empty")}, \\d+ / \\d+\\. ${az("keyboard-name")}\\. 1, ${az("speech-role-key")}, \\d+ / \\d+$`));
    expect(await cursor()).toBe("key-1");
    // Down: one key of each row (the nearest), then out of the keyboard to what follows it.
    const rows: string[] = [];
    for (let i = 0; i < 5; i++) {
      await press("ArrowDown");
      rows.push((await cursor()) ?? "");
    }
    expect(rows.slice(0, 4)).toEqual(["key-q", "key-a", "key-z", "key-mail.ru"]);
    expect(rows[4]).toBe("keyboard-hide");
    // Up from there: back into the keyboard at its last key, then row by row to the nearest key.
    await press("ArrowUp");
    expect(await cursor()).toBe("key-right");
    const up: string[] = [];
    for (let i = 0; i < 5; i++) {
      await press("ArrowUp");
      up.push((await cursor()) ?? "");
    }
    expect(up).toEqual(["key-_", "key-@", "key-p", "key-backspace", "details-next"]);
    // Down from the item before the keyboard: its first key; then right, key by key.
    await press("ArrowDown");
    expect(await cursor()).toBe("key-1");
    const first: string[] = [];
    for (let i = 0; i < 11; i++) {
      await press("ArrowRight");
      first.push((await cursor()) ?? "");
    }
    expect(first).toEqual(["key-2", "key-3", "key-4", "key-5", "key-6", "key-7", "key-8", "key-9", "key-0", "key-backspace", "key-q"]);
    // Select types the key under the cursor; its character is said.
    expect(await press("Enter")).toBe("q");
    await expect.poll(() => page.getByTestId("email-input").inputValue()).toBe("q");
    await press("ArrowLeft");
    expect(await cursor()).toBe("key-backspace");
    // Delete says what is left.
    expect(await press("Enter")).toBe(az("speech-state-empty"));
    await expect.poll(() => page.getByTestId("email-input").inputValue()).toBe("");
    // The keyboard keeps the focus in its field all along.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("email-input");
  });

  it("a text keyboard: the layout switch is its first row", async () => {
    await open(`?screen=details&officialId=${OFFICIAL}&citizen`);
    await press("ArrowDown");
    await press("ArrowDown");
    expect(await cursor()).toBe("workplace-input");
    const text = await press("Enter");
    await page.getByTestId("keyboard").waitFor();
    expect(await cursor()).toBe("keyboard-layout-az");
    expect(text).toContain(`${az("keyboard-layout-az")}, ${az("speech-role-key")}, ${az("speech-state-selected")}`);
    await press("ArrowDown");
    expect(await cursor()).toMatch(/^key-/);
    // Select on another layout: its keys, and the key says it is chosen now.
    await press("ArrowUp");
    await press("ArrowRight");
    expect(await cursor()).toBe("keyboard-layout-ru");
    expect(await press("Enter")).toBe(`${az("keyboard-layout-ru")}, ${az("speech-role-key")}, ${az("speech-state-selected")}, ${await position("keyboard-layout-ru")}`);
    await expect.poll(() => page.getByTestId("keyboard").getAttribute("data-layout")).toBe("ru");
  });
});

/** The place the keypad gives the item `testid` ("n / N"). */
async function position(testid: string): Promise<string> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!;
    const items = [...document.querySelectorAll<HTMLElement>(".kiosk button, .kiosk input, .kiosk textarea, .kiosk [role=radio]")].filter(
      (e, i, all) => all.indexOf(e) === i && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden",
    );
    return `${items.indexOf(el as HTMLElement) + 1} / ${items.length}`;
  }, testid);
}

describe("a dialog", () => {
  it("keeps the cursor in it, is read when it opens, and Back closes it", async () => {
    await open("?screen=application&bookingId=0190f0e4-7c3a-7000-8000-000000000001&citizen");
    await page.getByTestId("cancel").waitFor();
    for (let i = 0; i < 10 && (await cursor()) !== "cancel"; i++) await press("ArrowDown");
    expect(await cursor()).toBe("cancel");
    const question = await press("Enter");
    await page.getByTestId("cancel-dialog").waitFor();
    const asked = (await page.getByTestId("cancel-question").textContent())!.trim();
    expect(question).toBe(`${asked} ${az("application-cancel-no")}, ${az("speech-role-button")}, 1 / 2`);
    expect(await cursor()).toBe("cancel-no");
    expect(await press("ArrowDown")).toBe(`${az("application-cancel-yes")}, ${az("speech-role-button")}, 2 / 2`);
    expect(await press("ArrowDown")).toBe(`${az("application-cancel-no")}, ${az("speech-role-button")}, 1 / 2`);
    // Back: the safe answer; the cursor goes back to what opened the dialog.
    const back = await press("Escape");
    await page.getByTestId("cancel-dialog").waitFor({ state: "detached" });
    expect(back).toMatch(new RegExp(`^${az("application-cancel")}, ${az("speech-role-button")}, \\d+ / \\d+$`));
    expect(await cursor()).toBe("cancel");
    expect(await ipcCalls("cancel_application")).toEqual([]);
  });
});

describe("a booking by the keypad alone", () => {
  /** The key presses of each screen. */
  const presses: Record<string, number> = {};
  let screen = "";
  async function key(k: string) {
    presses[screen] = (presses[screen] ?? 0) + 1;
    await page.keyboard.press(k);
    // Each key is said (or acts) before the next: a citizen listens.
    await page.waitForTimeout(k === "Enter" ? 250 : 30);
  }

  /** Moves the cursor to `testid`: by rows and keys inside the keyboard, else the shorter way round. */
  async function goTo(testid: string) {
    for (let i = 0; i < 120; i++) {
      const step = await page.evaluate((id) => {
        const cur = document.querySelector<HTMLElement>("[data-keypad-cursor]");
        const target = document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`);
        if (!cur || !target) return "missing";
        if (cur === target) return null;
        const grid = cur.closest("[data-keypad-grid]");
        if (grid && grid === target.closest("[data-keypad-grid]")) {
          const a = cur.getBoundingClientRect();
          const b = target.getBoundingClientRect();
          if (b.top >= a.bottom - 1) return "ArrowDown";
          if (b.bottom <= a.top + 1) return "ArrowUp";
          return b.left > a.left ? "ArrowRight" : "ArrowLeft";
        }
        const items = [...document.querySelectorAll<HTMLElement>(".kiosk button, .kiosk input, .kiosk textarea")].filter(
          (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden",
        );
        const from = items.indexOf(cur);
        const to = items.indexOf(target);
        const down = (to - from + items.length) % items.length;
        return down <= items.length - down ? "ArrowDown" : "ArrowUp";
      }, testid);
      if (step === null) return;
      if (step === "missing") throw new Error(`no ${testid} (or no cursor)`);
      await key(step);
    }
    throw new Error(`the cursor did not reach ${testid}`);
  }

  async function choose(testid: string) {
    await goTo(testid);
    await key("Enter");
  }

  /** Types `keys` (test ids of the on-screen keyboard's keys) into the field `field`. */
  async function typeInto(field: string, keys: string[]) {
    await choose(field);
    await page.getByTestId("keyboard").waitFor();
    for (const k of keys) await choose(`key-${k}`);
  }

  it("welcome → officials → booking → details → review → sent", async () => {
    await open("?citizen");
    screen = "welcome";
    await choose("start");
    await onScreen("officials");
    screen = "officials";
    await page.getByTestId("official").first().waitFor();
    await choose("official");
    await onScreen("booking");
    screen = "booking";
    await page.getByTestId("booking-next").waitFor();
    await choose("reception-date-2026-12-07");
    await choose("topic-housing");
    await choose("social-status-pensioner");
    await choose("privilege-none");
    await choose("booking-next");
    await onScreen("details");
    screen = "details";
    await typeInto("email-input", ["a", "@", "box.az"]);
    await typeInto("phone-input", [..."501234567"]);
    await typeInto("workplace-input", ["t"]);
    await typeInto("position-input", ["m"]);
    await expect.poll(() => page.getByTestId("email-input").inputValue()).toBe("a@box.az");
    expect(await page.getByTestId("phone-input").inputValue()).toBe("+994 50 123 45 67");
    await choose("keyboard-next");
    await onScreen("review");
    screen = "review";
    await choose("send");
    await onScreen("sent");
    expect(await ipcCalls("book")).toHaveLength(1);
    const form = (await ipcCalls("book"))[0].args.form as Record<string, unknown>;
    expect(form).toMatchObject({ official_id: OFFICIAL, reception_date: "2026-12-07", topic_id: "housing", email: "a@box.az", workplace: "t", position: "m" });
    // The sent screen speaks; its notice is read out once printed.
    await expect.poll(async () => (await spoken()).at(-1)?.text ?? "").toMatch(new RegExp(`^${az("sent-title")}`));
    // What it takes, screen by screen: the lists in document order, then (details) four fields
    // typed on the on-screen keyboard, key by key (its layout decides the exact count).
    const { details, ...lists } = presses;
    expect(lists).toEqual({ welcome: 1, officials: 3, booking: 26, review: 10 });
    expect(details).toBeLessThanOrEqual(110);
  });
});
