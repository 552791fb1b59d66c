// Every screen the harness can open, in the state worth checking (the on-screen keyboard open,
// the cancel dialog open…), for the accessibility and layout tests (axe.browser.test.ts,
// layout.browser.test.ts), and the access modes switched as Rust switches them: by a new
// report of the session.
import { expect } from "vitest";
import type { Page } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import type { Result } from "axe-core";

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

/**
 * The staff screen's tabs (issue 17), open as after the right PIN (`?staff`), each in the state
 * worth checking. Checked by staff.browser.test.ts in Azerbaijani and the normal palette only
 * (the receptionist's screen has no large text or high contrast of its own; its words in ru and
 * en are checked there too, for being there, not by axe): a small addition of run time.
 */
export const STAFF_SCREENS: readonly ScreenCase[] = [
  {
    name: "staff: reprint (one found, keyboard open)",
    query: "staff",
    ready: async (p) => {
      await testid(p, "reprint-input").fill("10000061");
      await testid(p, "reprint-search").tap();
      await testid(p, "reprint-row").waitFor();
      await testid(p, "reprint-keyboard").tap();
      await testid(p, "keyboard").waitFor();
    },
  },
  {
    name: "staff: verify (forged)",
    query: "staff",
    ready: async (p) => {
      await testid(p, "staff-tab-verify").tap();
      await testid(p, "verify-input").fill("QK1.forged");
      await testid(p, "verify-search").tap();
      await testid(p, "verdict").waitFor();
    },
  },
  {
    name: "staff: day list",
    query: "staff",
    ready: async (p) => {
      await testid(p, "staff-tab-day").tap();
      await testid(p, "day-booking").waitFor();
    },
  },
  {
    name: "staff: unsent",
    query: "staff",
    ready: async (p) => {
      await testid(p, "staff-tab-unsent").tap();
      await testid(p, "refused-item").waitFor();
    },
  },
  {
    name: "staff: printer (preview shown)",
    query: "staff",
    ready: async (p) => {
      await testid(p, "staff-tab-printer").tap();
      await testid(p, "failed-job-preview").tap();
      await testid(p, "notice-preview").waitFor();
    },
  },
  {
    name: "staff: kiosk",
    query: "staff",
    ready: async (p) => {
      await testid(p, "staff-tab-kiosk").tap();
      await testid(p, "kiosk-lease").waitFor();
    },
  },
  {
    name: "staff: change PIN",
    query: "staff",
    ready: async (p) => {
      await testid(p, "staff-change-pin").tap();
      await testid(p, "change-pin").waitFor();
    },
  },
  {
    name: "staff: PIN pad",
    query: "",
    ready: async (p) => {
      await p.keyboard.press("Control+Alt+KeyS");
      await testid(p, "pin-pad").waitFor();
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

// The kiosk's axe configuration (axe.browser.test.ts's and the staff screens').
/** The kiosk's touch target: at least this wide and tall (and this far apart, centre to centre). */
const TOUCH = 80;

/** Points in a CSS pixel. */
const PT = 0.75;

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "EN-301-549"];

/**
 * Accepted by design, with the reason; anything else fails.
 * - `meta-viewport`: pinch zoom is locked on the kiosk (ARCHITECTURE.md, invariants: no zoom on
 *   citizen screens; kiosk.browser.test.ts checks `user-scalable=no`). Text is enlarged by the
 *   kiosk's own "large text" toggle instead, to 200 %, which layout.browser.test.ts checks on
 *   every screen. Accepted only for the viewport's <meta> element itself.
 */
const ACCEPTED: Record<string, (node: Result["nodes"][number]) => boolean> = {
  "meta-viewport": (node) => /^<meta name="viewport"[^>]*user-scalable=no/.test(node.html),
};

/**
 * The kiosk's axe: the tags above, with the AAA contrast rule and the target-size rule turned
 * on, the latter at 80 px. axe's `target-size` rule passes a target by either of its checks:
 * `target-size` (its own box at least `minSize`) or `target-offset` (WCAG 2.5.8's spacing
 * exception: a smaller target whose centre is at least `minOffset` from its neighbours'). The
 * kiosk has no such exception (every target is 80×80 px; the 8 px between them is
 * `expectTouchable`'s), so `target-size` goes to 80 px and `target-offset`, raised to 80 px as
 * well, is switched off. Check options go in the run options' `checks` (axe-core's
 * getCheckOption reads `options.checks[id]`; the options in a rule's own `any` list are not
 * read at run time). Legacy mode: axe runs in the page itself (no second page for `finishRun`,
 * which a page of its own context cannot open; the kiosk has no frames).
 */
export function kioskAxe(page: Page, rootPx = 16) {
  const options = {
    rules: {
      "color-contrast-enhanced": { enabled: true },
      "target-size": { enabled: true },
    },
    checks: {
      "target-size": { options: { minSize: TOUCH } },
      "target-offset": { enabled: false, options: { minOffset: TOUCH } },
      // WCAG's "large text" is 1.5 times body text (18 pt over 12 pt), or 1.17 times in bold
      // (14 pt); the kiosk's body text is its root font (28 px, 56 px at 200 %), so its large
      // text starts at 1.5 and 1.17 times that. Under it, 7:1; from it up, 4.5:1.
      "color-contrast-enhanced": { options: { largeTextPt: 1.5 * rootPx * PT, boldTextPt: (7 / 6) * rootPx * PT } },
    },
  };
  return new AxeBuilder({ page })
    .options(options as Parameters<AxeBuilder["options"]>[0])
    .withTags(TAGS)
    .setLegacyMode(true);
}

/** Each violation as one line: the rule, the element's selector and its HTML. */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes
      .filter((node) => !ACCEPTED[v.id]?.(node))
      .map((node) => `${v.id} (${v.help}): ${node.target.join(" ")} ${node.html.slice(0, 300)}\n    ${node.failureSummary?.replace(/\n/g, " ") ?? ""}`),
  );
}

/** Every violation of the kiosk's axe on the page as it is now, one line each. */
export async function violations(page: Page): Promise<string[]> {
  const root = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const results = await kioskAxe(page, root).analyze();
  return describeViolations(results.violations);
}
