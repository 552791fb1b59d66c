// The receptionist's screen (issue 17) in Debian's Chromium, with Tauri's IPC mocked
// (harness.ts → mocks/staff.ts): getting in (the held title, Ctrl+Alt+S, the PIN pad, a wrong PIN,
// the lock-out), each tab's action, Rust closing the screen, the words in three languages, and
// axe on every staff screen (Azerbaijani, normal palette).
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectReadable, useBrowser } from "./browser";
import { STAFF_SCREENS, openScreen, settle, violations } from "./every-screen";
import { GENUINE_SEAL, NOTICES } from "./mocks/staff";
import { translator } from "../src/lib/i18n";
import { MESSAGE_IDS } from "../src/lib/messages";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Lang = "az" | "ru" | "en";
const LANGS: readonly Lang[] = ["az", "ru", "en"];
const words = (lang: Lang, id: string, args?: Record<string, string | number>) => translator(lang)(id, args);
/** Notice 10000061's barcode as a wedge scanner types it: created 03.04, number, reception 07.04. */
const BARCODE = "030400000610704";
const testid = (id: string) => page.getByTestId(id);
const text = async (id: string) => (await testid(id).first().textContent())?.trim();

type Call = { cmd: string; args: Record<string, unknown> };
async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

async function welcome(query = "") {
  await page.goto(browser.base + query);
  await page.locator("section.welcome").waitFor();
}

/** The staff screen, open as after the right PIN. */
async function staffOpen(query = "") {
  await page.goto(`${browser.base}?staff${query}`);
  await testid("staff-screen").waitFor();
}

/** A keyboard-wedge scanner's line: its keys outside any field, then Enter. */
async function scan(line: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

async function typePin(pin: string) {
  for (const d of pin) await testid(`pin-digit-${d}`).tap();
  await testid("pin-enter").tap();
}

/** Holds the authority's name (the header's top-left corner) for `ms`, then lets go. */
async function holdTitle(ms: number) {
  const box = await testid("app-title").boundingBox();
  if (!box) throw new Error("no title");
  await page.mouse.move(box.x + 10, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

describe("getting in", () => {
  it("holding the authority's name for 3 s opens the PIN pad; a short press does not", async () => {
    await welcome();
    await holdTitle(500);
    // Past 3 s from the short press's start: still no PIN pad.
    await page.waitForTimeout(2_700);
    expect(await testid("pin-pad").count()).toBe(0);
    await holdTitle(3_300);
    await testid("pin-pad").waitFor();
    await testid("pin-cancel").tap();
    await testid("pin-pad").waitFor({ state: "detached" });
  });

  it("Ctrl+Alt+S opens the PIN pad, which shows digits as dots", async () => {
    await welcome();
    await page.keyboard.press("Control+Alt+KeyS");
    await testid("pin-pad").waitFor();
    expect(await page.getByRole("dialog").getAttribute("aria-labelledby")).toBe("pin-title");
    for (const d of "246") await testid(`pin-digit-${d}`).tap();
    expect(await testid("pin-dots").getAttribute("data-count")).toBe("3");
    expect(await page.locator("[data-testid=pin-dots] .dot.filled").count()).toBe(3);
    // The PIN itself is nowhere on the page.
    expect(await page.evaluate(() => document.body.innerText)).not.toContain("246");
    for (const d of "0123456789") {
      const box = await testid(`pin-digit-${d}`).boundingBox();
      expect(box!.width, d).toBeGreaterThanOrEqual(80);
      expect(box!.height, d).toBeGreaterThanOrEqual(80);
    }
  });

  it("a wrong PIN says so and how many tries are left; the fifth locks, for as long as Rust says", async () => {
    await welcome();
    await page.keyboard.press("Control+Alt+KeyS");
    await typePin("1111");
    await expect.poll(() => text("pin-message")).toBe(words("az", "staff-pin-wrong-left", { left: 4 }));
    for (const left of [3, 2, 1]) {
      await typePin("1111");
      await expect.poll(() => text("pin-message")).toBe(words("az", "staff-pin-wrong-left", { left }));
    }
    await typePin("1111");
    await expect.poll(() => text("pin-message")).toBe(words("az", "staff-locked", { seconds: 60 }));
    expect(await testid("pin-enter").isDisabled()).toBe(true);
    expect(await testid("staff-screen").count()).toBe(0);
  });

  it("a lock-out Rust reports is shown as soon as the PIN pad opens", async () => {
    await welcome("?staff-locked&lang=en");
    await page.keyboard.press("Control+Alt+KeyS");
    await expect.poll(() => text("pin-message")).toBe(words("en", "staff-locked", { seconds: 60 }));
    expect(await testid("pin-enter").isDisabled()).toBe(true);
    // Rust's countdown, as it reports it; then the lock-out's end.
    const report = (view: Record<string, unknown>) =>
      page.evaluate(
        (v) => (window as unknown as { __emit: (e: string, p: unknown) => Promise<void> }).__emit("staff-changed", v),
        { phase: "locked-out", who: null, attempts_left: 0, locked_seconds: 60, idle_seconds: 120, ...view },
      );
    await report({ locked_seconds: 42 });
    await expect.poll(() => text("pin-message")).toBe(words("en", "staff-locked", { seconds: 42 }));
    await report({ phase: "closed", attempts_left: 5, locked_seconds: 0 });
    await expect.poll(() => text("pin-message")).toBe("");
    await testid("pin-digit-1").tap();
    expect(await testid("pin-enter").isDisabled()).toBe(false);
  });

  it("the right PIN opens the staff screen and ends the citizen's session; a scan there is not a check-in", async () => {
    await page.goto(`${browser.base}?citizen&screen=officials`);
    await page.locator("main[data-screen=officials]").waitFor();
    await page.keyboard.press("Control+Alt+KeyS");
    await typePin("2468");
    await testid("staff-screen").waitFor();
    expect(await text("staff-title")).toBe(words("az", "staff-title", { who: "Demo" }));
    expect(await page.locator("main[data-screen=officials]").count()).toBe(0);
    expect((await ipcCalls("staff_open")).map((c) => c.args.pin)).toEqual(["2468"]);
    await scan(BARCODE);
    await testid("reprint-row").waitFor();
    expect(await ipcCalls("check_in_barcode")).toEqual([]);
    expect(await ipcCalls("submit_mrz")).toEqual([]);
    // Touches on the staff screen are the receptionist's, not a citizen's session.
    const sessionTouches = (await ipcCalls("session_touch")).length;
    await testid("staff-tab-day").tap();
    await testid("day-booking").first().waitFor();
    expect((await ipcCalls("session_touch")).length).toBe(sessionTouches);
    expect((await ipcCalls("staff_touch")).length).toBeGreaterThan(0);
  });

  it("Rust closing the staff screen (idle) returns to the welcome screen; so does Close", async () => {
    await staffOpen();
    await page.evaluate(() =>
      (window as unknown as { __emit: (e: string, p: unknown) => Promise<void> }).__emit("staff-changed", {
        phase: "closed",
        who: null,
        attempts_left: 5,
        locked_seconds: 0,
        idle_seconds: 120,
      }),
    );
    await page.locator("section.welcome").waitFor();
    expect(await testid("staff-screen").count()).toBe(0);

    await staffOpen();
    await testid("staff-close").tap();
    await page.locator("section.welcome").waitFor();
    expect((await ipcCalls("staff_close")).length).toBe(1);
  });
});

describe("the staff screen", () => {
  it("reprints a notice by a wedge scan in 3 touches: tab, scan, reprint; then clears it", async () => {
    await staffOpen();
    await testid("staff-tab-verify").tap();
    let touches = 0;
    // 1: the tab.
    await testid("staff-tab-reprint").tap();
    touches++;
    await scan(BARCODE);
    await testid("reprint-row").waitFor();
    expect(await testid("reprint-row").count()).toBe(1);
    expect(await testid("reprint-row").getAttribute("data-selected")).toBe("true");
    expect(await text("reprint-citizen")).toBe("Abdullayeva G.");
    expect(await text("reprint-status")).toBe(words("az", "application-status-booked"));
    // 2: reprint.
    await testid("reprint-action").tap();
    touches++;
    await testid("reprint-queued").waitFor();
    expect(touches).toBeLessThanOrEqual(3);
    expect((await ipcCalls("staff_find_notices")).map((c) => c.args.query)).toEqual([BARCODE]);
    expect((await ipcCalls("staff_reprint")).map((c) => c.args.booking)).toEqual([NOTICES[0].booking]);
    expect(await text("reprint-queued")).toContain(words("az", "staff-reprint-queued", { number: "10000061" }));
    // The citizen's row is gone once the action is done.
    expect(await testid("reprint-row").count()).toBe(0);
    expect(await testid("reprint-input").inputValue()).toBe("");
    // What became of it, as the print queue moves.
    expect(await text("reprint-outcome")).toBe(words("az", "staff-job-waiting"));
    await page.evaluate(() => {
      const w = window as unknown as { __setNotice: (s: string) => void; __emit: (e: string, p: unknown) => Promise<void> };
      w.__setNotice("printed");
      void w.__emit("print-queue-changed", { printer: "virtual printer", status: "ready", status_error: null, jobs: [] });
    });
    await expect.poll(() => text("reprint-outcome")).toBe(words("az", "staff-job-printed"));
  });

  it("finds by a name typed on the on-screen keyboard, and leaving the tab forgets the rows", async () => {
    await staffOpen();
    await testid("reprint-keyboard").tap();
    for (const key of ["ə", "l", "i"]) await page.locator(`[data-testid=keyboard] button:text-is("${key}")`).first().tap();
    await testid("reprint-search").tap();
    await expect.poll(() => testid("reprint-row").count()).toBe(2);
    expect(await testid("reprint-row").first().getAttribute("data-selected")).toBe("false");
    await testid("staff-tab-kiosk").tap();
    await testid("staff-tab-reprint").tap();
    await testid("reprint-input").waitFor();
    expect(await testid("reprint-row").count()).toBe(0);
    expect(await testid("reprint-input").inputValue()).toBe("");
  });

  it("verifies a notice's QR: genuine in green, a forged one refused in red with the reason", async () => {
    await staffOpen();
    await testid("staff-tab-verify").tap();
    await testid("verify-input").waitFor();
    await scan(GENUINE_SEAL);
    await expect.poll(() => testid("verdict").getAttribute("data-verdict")).toBe("genuine");
    expect(await text("verdict-headline")).toBe(words("az", "staff-verdict-genuine"));
    expect(await text("verdict-number")).toBe("10000061");
    expect(await text("verdict-issued")).toBe("03.12.2026 09:12");
    const green = await testid("verdict").evaluate((e) => getComputedStyle(e).color);

    // One character of the signature changed.
    await scan(`${GENUINE_SEAL.slice(0, -1)}x`);
    await expect.poll(() => testid("verdict").getAttribute("data-verdict")).toBe("forged");
    expect(await text("verdict-headline")).toBe(words("az", "staff-verdict-forged"));
    expect(await text("verdict")).toContain("✗");
    expect(await text("verdict-reason")).toContain("does not verify");
    const red = await testid("verdict").evaluate((e) => getComputedStyle(e).color);
    expect(red).not.toBe(green);
    expect(red).toBe(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--danger").trim()).then(hexToRgb));
  });

  it("lists today's and tomorrow's bookings per official, with who checked in", async () => {
    await staffOpen();
    await testid("staff-tab-day").tap();
    await testid("day-booking").first().waitFor();
    expect(await text("day-date")).toBe(words("az", "staff-day-date", { date: "07.12.2026" }));
    expect(await page.getByTestId("day-official-name").allTextContents()).toEqual(["HÜSEYNOV ELÇİN MƏMMƏD OĞLU", "QULİYEVA SEVİNC ARİF QIZI"]);
    expect(await page.locator("[data-testid=day-booking]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-state")))).toEqual([
      "checked-in",
      "cancelled",
      "waiting",
    ]);
    expect(await testid("day-booking-state").first().textContent()).toContain(words("az", "staff-day-checked-in"));
    await testid("day-tomorrow").tap();
    await expect.poll(() => text("day-date")).toBe(words("az", "staff-day-date", { date: "08.12.2026" }));
    expect(await testid("day-booking").count()).toBe(1);
    expect((await ipcCalls("staff_day_list")).map((c) => c.args.day)).toEqual(["today", "tomorrow"]);
  });

  it("shows the unsent work, syncs now, and resolves a refused push with a note typed on the keyboard", async () => {
    await staffOpen();
    await testid("staff-tab-unsent").tap();
    await testid("unsent-item").first().waitFor();
    expect(await testid("unsent-item").count()).toBe(2);
    expect(await testid("unsent-item").first().textContent()).toContain("connection refused");
    expect(await text("refused-reason")).toContain("comments are not accepted");
    await testid("sync-now").tap();
    await expect.poll(() => text("unsent-done")).toBe(words("az", "staff-sync-asked"));
    expect((await ipcCalls("staff_sync_now")).length).toBe(1);

    await testid("resolve").tap();
    await testid("resolve-note").waitFor();
    expect(await testid("resolve-save").isDisabled()).toBe(true);
    for (const key of ["z", "ə", "n", "g"]) await page.locator(`[data-testid=keyboard] button:text-is("${key}")`).first().tap();
    expect(await testid("resolve-note").inputValue()).toBe("zəng");
    await testid("resolve-save").tap();
    await expect.poll(() => text("unsent-done")).toBe(words("az", "staff-resolved"));
    await testid("refused-none").waitFor();
    expect((await ipcCalls("staff_resolve_refused")).map((c) => c.args)).toEqual([{ id: "idem-0190f0e4-0061-comment", note: "zəng" }]);
  });

  it("the printer: its state in words, a failed notice retried, a test page, a notice's preview", async () => {
    await staffOpen();
    await testid("staff-tab-printer").tap();
    await expect.poll(() => testid("printer-care-state").getAttribute("data-state")).toBe("paper-out");
    expect(await text("printer-care-state")).toContain(words("az", "printer-paper-out"));
    expect(await text("failed-job-reason")).toContain("out of paper");
    // Out of paper, a test page is refused with the reason's words.
    await testid("test-page").tap();
    await expect.poll(() => text("printer-problem")).toBe(words("az", "error-print-queue"));

    await testid("failed-job-preview").tap();
    await testid("notice-preview").waitFor();
    const img = await testid("notice-preview").evaluate((e) => {
      const i = e as HTMLImageElement;
      return { src: i.src.slice(0, 22), width: i.naturalWidth, alt: i.alt };
    });
    expect(img).toEqual({ src: "data:image/png;base64,", width: 64, alt: words("az", "staff-preview-alt", { number: "10000062" }) });

    // Closed by hand, and gone by itself at the next action: a citizen's notice stays no longer
    // than the look it was asked for.
    await testid("preview-close").tap();
    expect(await testid("notice-preview").count()).toBe(0);
    await testid("failed-job-preview").tap();
    await testid("notice-preview").waitFor();

    await testid("failed-job-retry").tap();
    await testid("failed-none").waitFor();
    expect(await testid("notice-preview").count()).toBe(0);
    expect((await ipcCalls("staff_retry")).map((c) => c.args.job)).toEqual([7]);
    await expect.poll(() => testid("printer-care-state").getAttribute("data-state")).toBe("ready");
    await testid("test-page").tap();
    await expect.poll(() => text("printer-done")).toBe(words("az", "staff-test-page-sent"));
  });

  it("the kiosk: enrollment, catalog, leases, numbers left, sizes in human units, version", async () => {
    await staffOpen();
    await testid("staff-tab-kiosk").tap();
    await testid("kiosk-lease").first().waitFor();
    expect(await text("kiosk-enrolled")).toBe(words("az", "staff-kiosk-enrolled-yes"));
    expect(await text("kiosk-id")).toBe("bilesuvar-kiosk-1");
    expect(await text("kiosk-catalog")).toBe("14");
    expect(await text("kiosk-signature")).toBe(words("az", "staff-kiosk-signature-ok"));
    expect(await text("kiosk-numbers-left")).toBe("939");
    expect(await text("kiosk-disk-free")).toBe("20.0 GB");
    expect(await text("kiosk-database")).toBe("5.5 MB");
    expect(await text("kiosk-version")).toBe("0.1.0");
    expect(await testid("kiosk-lease").count()).toBe(2);
    expect(await testid("kiosk-lease").first().textContent()).toContain("07.12.2026");
  });

  it("changes the PIN: the new one twice, digits only; a mismatch is said before Rust is asked", async () => {
    await staffOpen();
    await testid("staff-change-pin").tap();
    await testid("change-pin").waitFor();
    const pad = async (digits: string) => {
      for (const d of digits) await testid(`pin-digit-${d}`).tap();
    };
    await pad("2468");
    await testid("change-pin-next").tap();
    await pad("1357");
    await testid("change-pin-again").tap();
    await pad("1358");
    await testid("change-pin-save").tap();
    await expect.poll(() => text("change-pin-problem")).toBe(words("az", "staff-pin-mismatch"));
    expect(await ipcCalls("staff_change_pin")).toEqual([]);
    await testid("pin-erase").tap();
    await pad("7");
    // The receptionist's keyboard types only digits.
    await testid("change-pin-again").pressSequentially("x");
    expect(await testid("change-pin-again").inputValue()).toBe("1357");
    await testid("change-pin-save").tap();
    await testid("staff-pin-changed").waitFor();
    expect((await ipcCalls("staff_change_pin")).map((c) => c.args)).toEqual([{ oldPin: "2468", newPin: "1357" }]);
  });
});

describe("words", () => {
  it("every staff message is in az, ru and en", () => {
    const staff = MESSAGE_IDS.filter((id) => id.startsWith("staff-") || id.startsWith("error-staff-"));
    expect(staff.length).toBeGreaterThan(100);
    for (const id of staff) {
      const az = words("az", id, { count: 1, left: 1, seconds: 1, who: "X", number: "1", date: "1", reason: "r" });
      expect(az, id).not.toBe(id);
      for (const lang of ["ru", "en"] as const) {
        // A message missing from ru or en would fall back to Azerbaijani.
        const other = words(lang, id, { count: 1, left: 1, seconds: 1, who: "X", number: "1", date: "1", reason: "r" });
        if (!["staff-tab-printer", "staff-tab-kiosk", "staff-verify-kiosk", "staff-kiosk-server"].includes(id)) expect(other, `${lang}: ${id}`).not.toBe(az);
      }
    }
  });

  it("every tab shows its words, and no message id, in az, ru and en", async () => {
    await staffOpen();
    for (const lang of LANGS) {
      await testid(`staff-lang-${lang}`).tap();
      await expect.poll(() => text("staff-tab-reprint")).toBe(words(lang, "staff-tab-reprint"));
      for (const tab of ["reprint", "verify", "day", "unsent", "printer", "kiosk"]) {
        await testid(`staff-tab-${tab}`).tap();
        await page.locator(`main[data-tab=${tab}]`).waitFor();
        await page.waitForFunction(() => !document.body.innerText.includes("…"));
        const body = await page.evaluate(() => document.body.innerText);
        expect(body, `${lang}, ${tab}`).not.toMatch(/\b(staff|error|printer)-[a-z-]+/);
        expect(await text("staff-title"), lang).toBe(words(lang, "staff-title", { who: "Demo" }));
      }
    }
    // The on-screen keyboard follows the staff screen's language.
    await testid("staff-tab-reprint").tap();
    await testid("reprint-keyboard").tap();
    expect(await testid("keyboard").getAttribute("data-layout")).toBe("en");
  });
});

describe("axe on the staff screens, az", () => {
  // One page for the staff screen's tabs (each brings its tab to its state, the change-PIN
  // dialog last), one for the PIN pad: axe's zero violations, and no text under 28 px.
  it("every tab and the change-PIN dialog: no violations, no small text", async () => {
    const tabs = STAFF_SCREENS.filter((s) => s.query === "staff");
    expect(tabs.length).toBeGreaterThanOrEqual(7);
    await openScreen(page, browser.base, tabs[0], "az");
    for (const screen of tabs) {
      if (screen !== tabs[0]) {
        await screen.ready(page);
        await settle(page);
      }
      expect(await violations(page), screen.name).toEqual([]);
      await expectReadable(page, screen.name, "body");
    }
  });

  it("the PIN pad: no violations, no small text", async () => {
    const pad = STAFF_SCREENS.find((s) => s.name === "staff: PIN pad")!;
    await openScreen(page, browser.base, pad, "az");
    expect(await violations(page)).toEqual([]);
    await expectReadable(page, pad.name, "[data-testid=pin-pad]");
  });
});

function hexToRgb(hex: string): string {
  const n = parseInt(hex.replace("#", ""), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
