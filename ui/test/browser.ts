// The browser tests' common ground: one Vite dev server serving the real UI with Tauri's IPC
// mocked (harness.html), and one Debian Chromium, per test file; each test gets a fresh page of
// the reference panel's size, 1920×1080, with touch.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { expect } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export interface BrowserTest {
  /** The page of the test running now. */
  readonly page: Page;
  /** The harness's address: `${base}?screen=…` opens a screen. */
  readonly base: string;
}

/** Starts the server and the browser for the file that calls it, and a page for each test. */
export function useBrowser(): BrowserTest {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  const t = { page: undefined as unknown as Page, base: "" };

  beforeAll(async () => {
    server = await createServer({
      root: fileURLToPath(new URL("..", import.meta.url)),
      server: { port: 0, host: "127.0.0.1", strictPort: false },
      logLevel: "error",
    });
    await server.listen();
    const addr = server.httpServer?.address();
    if (!addr || typeof addr === "string") throw new Error("vite dev server has no port");
    t.base = `http://127.0.0.1:${addr.port}/test/harness.html`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    if (!browser) throw new Error("the browser did not start");
    t.page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, hasTouch: true });
  });

  afterEach(async () => {
    await t.page?.close();
  });

  return t;
}

/** A touch target where it is on the page. */
export interface Target {
  name: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The kiosk's touch sizes, for a standing citizen at arm's length: every target at least
 * 80×80 px, and at least 8 px apart (7.5: rounding of fractional layouts aside).
 */
export function expectTouchable(what: string, targets: readonly Target[], minTargets = 1) {
  expect(targets.length, `${what}: targets`).toBeGreaterThanOrEqual(minTargets);
  for (const { name, w, h } of targets) {
    expect(w, `${what}: ${name} width`).toBeGreaterThanOrEqual(80);
    expect(h, `${what}: ${name} height`).toBeGreaterThanOrEqual(80);
  }
  for (const [i, a] of targets.entries()) {
    for (const b of targets.slice(i + 1)) {
      const dx = Math.max(0, b.x - (a.x + a.w), a.x - (b.x + b.w));
      const dy = Math.max(0, b.y - (a.y + a.h), a.y - (b.y + b.h));
      expect(Math.max(dx, dy), `${what}: gap between ${a.name} and ${b.name}`).toBeGreaterThanOrEqual(7.5);
    }
  }
}

/** Every text of the screen (or of `scope`) at least 28 px. */
export async function expectReadable(page: Page, what: string, scope = "main") {
  const small = await page.$$eval(`${scope} *`, (els) =>
    els
      .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()))
      .map((e) => [e.textContent?.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)] as const)
      .filter(([, size]) => size < 28),
  );
  expect(small, `${what}: text under 28 px`).toEqual([]);
}
