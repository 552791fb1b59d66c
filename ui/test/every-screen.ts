// Every screen the harness can open, in the state worth checking (the on-screen keyboard open,
// the cancel dialog open…), for the accessibility and layout tests (axe.browser.test.ts,
// layout.browser.test.ts), and the access modes switched as Rust switches them: by a new
// report of the session.
import { expect } from "vitest";
import type { Page } from "playwright-core";

export const LANGS = ["az", "ru", "en"] as const;
export type Lang = (typeof LANGS)[number];

export type Mode = "normal" | "large-text" | "high-contrast" | "large-text and high-contrast";
/** The modes each screen is checked in by axe (the layout test adds both at once). */
export const MODES: readonly Mode[] = ["normal", "large-text", "high-contrast"];

const SENT = "bookingId=0190f0e4-7c3a-7000-8000-000000000061&number=10000061";
const APPLICATION = "bookingId=0190f0e4-7c3a-7000-8000-00000000abcd";

export interface ScreenCase {
  /** How the test names it. */
  name: string;
  /** The harness's query (without the language). */
  query: string;
  /** Brings the screen to the state checked, once it is open. */
  ready: (page: Page) => Promise<void>;
}

const testid = (page: Page, id: string) => page.getByTestId(id).first();

/** Fills the booking form through its screens, as a citizen would, ending on the review. */
async function fillForm(page: Page) {
  await testid(page, "booking-next").waitFor();
  for (const list of ["reception-date", "topic", "social-status", "privilege"]) {
    await page.locator(`[data-testid=${list}-choices] [role=radio]:not([aria-disabled=true])`).first().tap();
  }
  await testid(page, "booking-next").tap();
  await page.locator("main[data-screen=details]").waitFor();
  const details = {
    email: "gohar@mail.az",
    phone: "+994 50 123 45 67",
    workplace: "Biləsuvar rayon xəstəxanası",
    position: "Tibb bacısı",
    note: "Torpaq sahəsi barədə. Əlavə sənədlər gətirəcəyəm.",
  };
  for (const [field, value] of Object.entries(details)) await testid(page, `${field}-input`).fill(value);
  // The keyboard docked over the form goes, as after its "hide".
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.getByTestId("keyboard-dock").waitFor({ state: "detached" });
  await testid(page, "details-next").tap();
  await page.locator("main[data-screen=review]").waitFor();
  await testid(page, "review-topic-value").waitFor();
}

export const SCREENS: readonly ScreenCase[] = [
  { name: "welcome (demo cards)", query: "demo", ready: (p) => testid(p, "demo-cards").waitFor() },
  { name: "welcome (card expired)", query: "expired", ready: (p) => testid(p, "card-notice").waitFor() },
  {
    name: "officials",
    query: "screen=officials&citizen",
    ready: async (p) => {
      await testid(p, "official").waitFor();
      await testid(p, "tab-history-count").waitFor();
    },
  },
  {
    name: "booking",
    query: "screen=booking&officialId=bilesuvar-1&citizen",
    ready: (p) => testid(p, "booking-next").waitFor(),
  },
  {
    name: "details (keyboard open)",
    query: "screen=details&officialId=bilesuvar-1&citizen",
    ready: async (p) => {
      await testid(p, "workplace-input").tap();
      await testid(p, "keyboard").waitFor();
    },
  },
  { name: "review", query: "screen=booking&officialId=bilesuvar-1&citizen", ready: fillForm },
  {
    name: "sent (printed)",
    query: `screen=sent&citizen&${SENT}&notice=printed`,
    ready: (p) => testid(p, "sent-printed").waitFor(),
  },
  {
    name: "sent (paper out)",
    query: `screen=sent&citizen&${SENT}&paper-out&notice=failed`,
    ready: (p) => testid(p, "sent-print-again").waitFor(),
  },
  { name: "history", query: "screen=history&citizen", ready: (p) => testid(p, "history-row").waitFor() },
  {
    name: "application (cancel dialog)",
    query: `screen=application&${APPLICATION}&citizen`,
    ready: async (p) => {
      await p.locator("[data-testid=application-screen][data-state=shown]").waitFor();
      await testid(p, "cancel").tap();
      await testid(p, "cancel-dialog").waitFor();
    },
  },
  {
    name: "checkin",
    query: "demo&checkin=checked-in",
    ready: async (p) => {
      await testid(p, "demo-insert-0").tap();
      await testid(p, "checkin-row").waitFor();
    },
  },
  { name: "countdown", query: "countdown", ready: (p) => testid(p, "countdown").waitFor() },
  // The other places the on-screen keyboard opens.
  {
    name: "welcome (address on the keyboard)",
    query: "card-offline",
    ready: async (p) => {
      await testid(p, "address-input").tap();
      await testid(p, "keyboard").waitFor();
    },
  },
  {
    name: "officials (search on the keyboard)",
    query: "screen=officials&citizen&many-officials",
    ready: async (p) => {
      await testid(p, "officials-search-input").tap();
      await testid(p, "keyboard").waitFor();
    },
  },
  {
    name: "history (search on the keyboard)",
    query: "screen=history&citizen",
    ready: async (p) => {
      await testid(p, "history-official-input").tap();
      await testid(p, "keyboard").waitFor();
    },
  },
];

/** Opens `screen` in `lang` (the session starts in it) and brings it to its state. */
export async function openScreen(page: Page, base: string, screen: ScreenCase, lang: Lang) {
  await page.goto(`${base}?${screen.query}&lang=${lang}`);
  await page.locator("main[data-screen]").waitFor();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
  await screen.ready(page);
  await settle(page);
}

/**
 * Switches the access modes as Rust does: a new report of the session with `access` changed
 * (no reload, no touch: the countdown stays a countdown), then waits for the page to follow.
 */
export async function setMode(page: Page, mode: Mode) {
  const large = mode.includes("large-text");
  const high = mode.includes("high-contrast");
  await page.evaluate(
    async ([large, high]) => {
      const w = window as unknown as {
        __TAURI_INTERNALS__: { invoke: (cmd: string) => Promise<Record<string, unknown>> };
        __report: (s: unknown) => void;
      };
      const session = await w.__TAURI_INTERNALS__.invoke("session_status");
      const access = session.access as Record<string, unknown>;
      w.__report({ ...session, access: { ...access, large_text: large, high_contrast: high } });
    },
    [large, high] as const,
  );
  await expect
    .poll(() => page.evaluate(() => [document.documentElement.dataset.text ?? "", document.documentElement.dataset.contrast ?? ""]))
    .toEqual([large ? "large" : "", high ? "high" : ""]);
  await settle(page);
}

/** Waits until the page stops changing (its text and its layout), so a check sees it at rest. */
export async function settle(page: Page) {
  const snapshot = () =>
    page.evaluate(() => {
      const main = document.querySelector("main");
      const r = main?.getBoundingClientRect();
      return `${document.body.innerText}|${r?.height}|${main?.scrollHeight}`;
    });
  let last = await snapshot();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(100);
    const next = await snapshot();
    if (next === last) return;
    last = next;
  }
}
