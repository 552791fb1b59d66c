// The real UI in Debian's Chromium, driven by playwright-core, with Tauri's IPC mocked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { fileURLToPath } from "node:url";
import officials from "./officials.json";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
let server: ViteDevServer;
let browser: Browser;
let page: Page;
let base = "";

beforeAll(async () => {
  server = await createServer({
    root: fileURLToPath(new URL("..", import.meta.url)),
    server: { port: 0, host: "127.0.0.1", strictPort: false },
    logLevel: "error",
  });
  await server.listen();
  const addr = server.httpServer?.address();
  if (!addr || typeof addr === "string") throw new Error("vite dev server has no port");
  base = `http://127.0.0.1:${addr.port}/test/harness.html`;
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
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
});

async function open(query = "") {
  await page.goto(base + query);
  // The welcome screen: its title, or the greeting when a citizen is already identified.
  await page.locator("section.welcome").waitFor();
}

describe("welcome screen", () => {
  it("greets in Azerbaijani by default and names the authority", async () => {
    await open();
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
    expect(await page.getByTestId("authority").textContent()).toBe("Biləsuvar Rayon İcra Hakimiyyəti");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("az");
  });

  it("switches language and back with the always-visible switch", async () => {
    await open();
    await page.getByTestId("lang-ru").tap();
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Добро пожаловать!");
    expect(await page.getByTestId("start").textContent()).toBe("Записаться на приём");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await page.getByTestId("lang-en").tap();
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Welcome!");
    await page.getByTestId("lang-az").tap();
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
  });

  it("has touch targets of at least 56 px and no text under 20 px, on every screen", async () => {
    const check = async (screen: string, minButtons: number) => {
      const sizes = await page.$$eval("button", (bs) =>
        bs.map((b) => [b.textContent, b.getBoundingClientRect().width, b.getBoundingClientRect().height] as const),
      );
      expect(sizes.length, screen).toBeGreaterThanOrEqual(minButtons);
      for (const [label, w, h] of sizes) {
        expect(w, `${screen}: ${label} width`).toBeGreaterThanOrEqual(56);
        expect(h, `${screen}: ${label} height`).toBeGreaterThanOrEqual(56);
      }
      const smallest = await page.$$eval("body *", (els) =>
        Math.min(
          ...els
            .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()))
            .map((e) => parseFloat(getComputedStyle(e).fontSize)),
        ),
      );
      expect(smallest, `${screen}: smallest text`).toBeGreaterThanOrEqual(20);
    };
    await open();
    await check("welcome", 4);
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    await check("officials", 4);
    await open("?fail=catalog-unavailable");
    await page.getByTestId("start").tap();
    await page.getByTestId("error").waitFor();
    await check("error", 5);
  });

  it("offers no context menu, text selection or drag", async () => {
    await open();
    const prevented = await page.evaluate(() => {
      const title = document.querySelector("[data-testid=welcome-title]")!;
      return ["contextmenu", "selectstart", "dragstart"].map(
        (type) => !title.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true })),
      );
    });
    expect(prevented).toEqual([true, true, true]);
    const userSelect = await page.evaluate(() => getComputedStyle(document.body).userSelect);
    expect(userSelect).toBe("none");
    const zoomable = await page.evaluate(() => document.querySelector("meta[name=viewport]")?.getAttribute("content"));
    expect(zoomable).toContain("user-scalable=no");
  });
});

describe("sync status", () => {
  it("tells online from offline, with what is not yet sent, in the chosen language", async () => {
    await open();
    const strip = page.getByTestId("sync-status");
    expect(await strip.getAttribute("data-online")).toBe("true");
    // 08:05 UTC is 12:05 in Baku.
    expect(await strip.textContent()).toContain("12:05");
    await open("?offline");
    expect(await strip.getAttribute("data-online")).toBe("false");
    expect(await strip.textContent()).toContain("Oflayn: müraciətlər saxlanılır");
    expect(await page.getByTestId("sync-pending").textContent()).toContain("3 göndəriləcək");
    await page.getByTestId("lang-ru").tap();
    expect(await strip.textContent()).toContain("Без сети");
  });

  it("says so when the server no longer accepts this kiosk", async () => {
    await open("?revoked");
    expect(await page.getByTestId("sync-revoked").textContent()).toBe("Server kioskı qəbul etmir");
    await page.getByTestId("lang-en").tap();
    expect(await page.getByTestId("sync-revoked").textContent()).toBe("Kiosk not accepted by the server");
  });
});

describe("citizen session", () => {
  const traces = ["ABDULLAYEVA", "GÖHƏR", "GOHAR", "AA****567", "05.03.1980", "Heydər Əliyev"];

  async function storageAndDom(): Promise<string> {
    return page.evaluate(() => {
      const stores = [localStorage, sessionStorage]
        .map((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join(";"))
        .join("|");
      return `${document.documentElement.outerHTML}\n${stores}\n${document.cookie}`;
    });
  }

  it("a demo card starts a session with the registry's data, and removing it wipes the screen", async () => {
    await open("?demo");
    await page.getByTestId("card-prompt").waitFor();
    await page.getByTestId("lang-ru").tap();
    await page.getByTestId("demo-insert-0").tap();
    await page.getByTestId("citizen-bar").waitFor();
    expect(await page.getByTestId("citizen-name").textContent()).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
    expect(await page.getByTestId("citizen-document").textContent()).toBe("AA****567");
    expect(await page.getByTestId("session-greeting").textContent()).toContain("Добро пожаловать");
    expect(await page.getByTestId("citizen-address").textContent()).toContain("Heydər Əliyev");
    const calls = await page.evaluate(
      () => (window as unknown as { __ipcCalls: Array<{ cmd: string; args: unknown }> }).__ipcCalls,
    );
    expect(calls.filter((c) => c.cmd === "session_language").map((c) => c.args)).toEqual([{ lang: "ru" }]);
    await page.getByTestId("demo-remove").tap();
    await page.getByTestId("card-prompt").waitFor();
    // Back to the start, in Azerbaijani, and nothing of her left anywhere the page can reach.
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
    const everything = await storageAndDom();
    for (const trace of traces) expect(everything, trace).not.toContain(trace);
  });

  it("finish ends the session the same way", async () => {
    await open("?citizen");
    await page.getByTestId("citizen-bar").waitFor();
    await page.getByTestId("session-finish").tap();
    await page.getByTestId("card-prompt").waitFor();
    const everything = await storageAndDom();
    for (const trace of traces) expect(everything, trace).not.toContain(trace);
  });

  it("shows the countdown, and 'I need more time' keeps the session", async () => {
    await open("?countdown");
    expect(await page.getByTestId("countdown-seconds").textContent()).toBe("12");
    expect(await page.getByTestId("countdown").textContent()).toContain("Mənə daha çox vaxt lazımdır");
    await page.getByTestId("more-time").tap();
    await page.getByTestId("countdown").waitFor({ state: "detached" });
    expect(await page.getByTestId("citizen-name").textContent()).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
  });

  it("offline, the citizen confirms the address; an empty one is refused with a message", async () => {
    await open("?card-offline");
    await page.getByTestId("address-form").waitFor();
    await page.getByTestId("address-confirm").tap();
    expect(await page.getByRole("alert").textContent()).toContain("Ünvanı yazın");
    await page.getByTestId("address-input").fill("Biləsuvar şəhəri, Nizami küçəsi 5");
    await page.getByTestId("address-confirm").tap();
    await page.getByTestId("start").waitFor();
    expect(await page.getByTestId("citizen-address").textContent()).toBe("Biləsuvar şəhəri, Nizami küçəsi 5");
  });

  it("passes what a keyboard-wedge scanner types to Rust, line by line, but not what is typed in a field", async () => {
    await open("?card-offline");
    await page.getByTestId("address-form").waitFor();
    await page.getByTestId("address-input").focus();
    await page.keyboard.type("Nizami küçəsi 5 IDAZEAA12345674<<<<<<<<<<<<<<<");
    await page.getByTestId("address-input").blur();
    const lines = ["IDAZEAA12345674<<<<<<<<<<<<<<<", "8003054F3106309AZE5ZK7Q2M<<<<8", "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<"];
    for (const line of lines) {
      await page.keyboard.type(line);
      await page.keyboard.press("Enter");
    }
    const calls = await page.evaluate(
      () => (window as unknown as { __ipcCalls: Array<{ cmd: string; args: unknown }> }).__ipcCalls,
    );
    expect(calls.filter((c) => c.cmd === "submit_mrz").map((c) => c.args)).toEqual(
      lines.map((line) => ({ text: `${line}\n` })),
    );
  });

  it("tells the citizen the reader is out of order, and keeps the reason for the receptionist", async () => {
    await open("?reader-lost");
    const notice = page.getByTestId("card-notice");
    expect(await notice.textContent()).toContain("Vəsiqə oxuyucusu işləmir");
    expect(await notice.getAttribute("title")).toContain("/dev/ttyACM0 is unplugged");
  });

  it("tells the citizen when the document has expired, in their language", async () => {
    await open("?expired");
    expect(await page.getByTestId("card-notice").textContent()).toContain("Sənədinizin müddəti bitib");
    await page.getByTestId("lang-en").tap();
    expect(await page.getByTestId("card-notice").textContent()).toContain("Your document has expired");
  });
});

describe("printer status", () => {
  it("stays out of the way while the printer is fine", async () => {
    await open();
    await page.getByTestId("sync-status").waitFor();
    expect(await page.getByTestId("printer-status").count()).toBe(0);
  });

  it("shows a printer that does not answer as offline, with the reason for the receptionist", async () => {
    await open("?printer-gone");
    const state = page.getByTestId("printer-state");
    expect(await state.textContent()).toBe("Printer qoşulmayıb");
    expect(await state.getAttribute("title")).toContain("cannot reach the printer");
    await page.getByTestId("lang-en").tap();
    expect(await state.textContent()).toBe("Printer is offline");
  });

  it("shows a stopped printer and its failed notice, and prints it again on a tap", async () => {
    await open("?paper-out");
    const chip = page.getByTestId("printer-status");
    expect(await page.getByTestId("printer-state").textContent()).toBe("Printerdə kağız qurtarıb");
    expect(await page.getByTestId("printer-failed").textContent()).toContain("1 bildiriş çap olunmayıb");
    expect(await page.getByTestId("printer-failed").getAttribute("title")).toContain("out of paper");
    await page.getByTestId("lang-ru").tap();
    expect(await chip.textContent()).toContain("В принтере нет бумаги");
    await page.getByTestId("printer-retry").tap();
    const calls = await page.evaluate(
      () => (window as unknown as { __ipcCalls: Array<{ cmd: string; args: unknown }> }).__ipcCalls,
    );
    expect(calls.filter((c) => c.cmd === "retry_print").map((c) => c.args)).toEqual([{ job: 7 }]);
  });
});

describe("officials list", () => {
  it("lists the seed's eight officials with reception days and hours", async () => {
    await open();
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    const names = await page.getByTestId("official-name").allTextContents();
    expect(names).toHaveLength(8);
    expect(names[0]).toBe("QULİYEV MAHİR HACI OĞLU");
    expect(names[6]).toBe("İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU");
    const days = await page.getByTestId("official-days").allTextContents();
    expect(days).toEqual(officials.az.officials.map((o) => o.reception_days));
    expect(days[4]).toBe("üçüncü, beşinci günlər");
    expect(await page.getByTestId("official-hours").first().textContent()).toBe("10:00-dan");
  });

  it("asks the Rust side again in the new language when the language changes", async () => {
    await open();
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    await page.getByTestId("lang-en").tap();
    await expect.poll(() => page.getByTestId("official-hours").first().textContent()).toBe("from 10:00");
    expect(await page.getByTestId("officials-title").textContent()).toBe("Officials you can book an audience with");
    const langs = await page.evaluate(() =>
      (window as unknown as { __ipcCalls: Array<{ cmd: string; args: { lang?: string } }> }).__ipcCalls
        .filter((c) => c.cmd === "list_officials")
        .map((c) => c.args.lang),
    );
    expect(langs).toEqual(["az", "en"]);
  });

  it("explains a lost connection in the citizen's language and recovers on retry", async () => {
    await open("?fail=catalog-unavailable");
    await page.getByTestId("lang-ru").tap();
    await page.getByTestId("start").tap();
    const alert = page.getByTestId("error");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Нет связи с центральным сервером");
    await alert.getByRole("button").tap();
    await page.getByTestId("officials").waitFor();
    expect(await page.getByTestId("official-name").count()).toBe(8);
  });

  it("goes back to the welcome screen", async () => {
    await open();
    await page.getByTestId("start").tap();
    await page.getByTestId("home").tap();
    await page.getByTestId("welcome-title").waitFor();
  });
});
