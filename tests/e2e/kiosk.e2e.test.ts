// The real kiosk binary under Xvfb with a window manager, driven through tauri-driver.
// `cargo xtask test` provides: WEBDRIVER_URL, KIOSK_APP (binary built with custom-protocol),
// SCREENSHOT_DIR, and a D-Bus session (for the single-instance check).
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "./webdriver";
// What the Rust side answers for the demo catalog (checked against it by tests/commands.rs).
import expected from "../../ui/test/officials.json";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
  return v;
}

const driver = env("WEBDRIVER_URL");
const app = env("KIOSK_APP");
const shots = env("SCREENSHOT_DIR");
const noticeDir = mkdtempSync(join(tmpdir(), "qebul-e2e-notices-"));
// Short session times, so the idle test waits seconds, not minutes (the defaults are 90 s + 15 s).
const IDLE_SECONDS = 8;
const COUNTDOWN_SECONDS = 4;
const appArgs = [
  "--demo",
  "--notice-dir",
  noticeDir,
  "--idle-seconds",
  String(IDLE_SECONDS),
  "--countdown-seconds",
  String(COUNTDOWN_SECONDS),
];

const WELCOME = { az: "Xoş gəlmisiniz!", ru: "Добро пожаловать!", en: "Welcome!" } as const;
const SEED_NAMES = [
  "QULİYEV MAHİR HACI OĞLU",
  "MƏMMƏDOV XANLAR BAYRAM OĞLU",
  "HƏSƏNOV ELSEVƏR CƏMİL OĞLU",
  "QƏMBƏROVA XƏYALƏ NAZİM QIZI",
  "ŞAHBAZOV ZAKİR VƏKİL OĞLU",
  "ƏZİMOV YAŞAR ŞAHAB OĞLU",
  "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
  "ASTANOV ELŞƏN ƏVƏZ OĞLU",
];

let s: Session;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  s = await Session.start(driver, app, appArgs);
  await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
});

afterAll(async () => {
  await s?.delete();
  rmSync(noticeDir, { recursive: true, force: true });
});

async function shot(name: string) {
  // Let fonts and the language switch settle before the picture.
  await new Promise((r) => setTimeout(r, 300));
  writeFileSync(join(shots, `${name}.png`), await s.screenshot());
}

test("the kiosk window fills the screen, with no decorations", async () => {
  const [innerW, innerH, screenW, screenH] = await s.execute<number[]>(
    "return [window.innerWidth, window.innerHeight, screen.width, screen.height]",
  );
  expect(screenW).toBeGreaterThan(0);
  expect([innerW, innerH]).toEqual([screenW, screenH]);
  const rect = await s.windowRect();
  expect([rect.x, rect.y, rect.width, rect.height]).toEqual([0, 0, screenW, screenH]);
});

test("the welcome screen names the authority from the embedded server's catalog", async () => {
  await s.waitForText("[data-testid=authority]", "Biləsuvar Rayon İcra Hakimiyyəti");
});

test("the sync status says the kiosk is connected to its embedded server, nothing pending", async () => {
  const state = await s.waitFor("sync status", async () => {
    const els = await s.findAll("[data-testid=sync-status]");
    if (els.length === 0) return undefined;
    return s.execute<[string, string]>(
      "const e = document.querySelector('[data-testid=sync-status]'); return [e.dataset.online, e.textContent]",
    );
  });
  expect(state[0]).toBe("true");
  expect(state[1]).toContain("Onlayn");
  expect(await s.findAll("[data-testid=sync-pending]")).toEqual([]);
});

// Azerbaijani last, so that its button is seen to change the text back.
for (const lang of ["en", "ru", "az"] as const) {
  test(`in ${lang}: the welcome text changes and all eight officials are listed with their days`, async () => {
    if (lang !== "en") {
      // Start from another language, so the switch has something to change.
      await s.click(await s.find("[data-testid=lang-en]"));
      await s.waitForText("[data-testid=welcome-title]", WELCOME.en);
    }
    await s.click(await s.find(`[data-testid=lang-${lang}]`));
    await s.waitForText("[data-testid=welcome-title]", WELCOME[lang]);
    expect(await s.execute<string>("return document.documentElement.lang")).toBe(lang);
    await s.waitForText("[data-testid=authority]", "Biləsuvar Rayon İcra Hakimiyyəti");
    await shot(`welcome-${lang}`);

    await s.click(await s.find("[data-testid=start]"));
    const names = await s.waitFor("eight officials", async () => {
      const els = await s.findAll("[data-testid=official-name]");
      return els.length === 8 ? Promise.all(els.map((e) => s.text(e))) : undefined;
    });
    expect(names).toEqual(SEED_NAMES);
    const texts = async (css: string) => Promise.all((await s.findAll(css)).map((e) => s.text(e)));
    expect(await texts("[data-testid=official-days]")).toEqual(expected[lang].officials.map((o) => o.reception_days));
    expect(await texts("[data-testid=official-hours]")).toEqual(expected[lang].officials.map((o) => o.reception_hours));
    // A citizen sees every official without scrolling (the reference panel: 1920×1080).
    const lastBottom = await s.execute<number>(
      "const c = document.querySelectorAll('[data-testid=official]'); return c[c.length - 1].getBoundingClientRect().bottom",
    );
    expect(lastBottom).toBeLessThanOrEqual(await s.execute<number>("return window.innerHeight"));
    const main = await s.execute<number[]>(
      "const m = document.querySelector('main'); return [m.scrollHeight, m.clientHeight]",
    );
    expect(main[0], "the officials screen needs no scrolling").toBeLessThanOrEqual(main[1]);
    await shot(`officials-${lang}`);

    await s.click(await s.find("[data-testid=home]"));
    // Going home wipes the session: back to Azerbaijani for the next person.
    await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
  });
}

test("the page cannot navigate away, open windows or run injected inline scripts", async () => {
  // A real page to go to: a refused connection would leave the app's page in place anyway.
  let visits = 0;
  const away = createServer((_req, res) => {
    visits++;
    res.setHeader("content-type", "text/html");
    res.end("<h1 data-testid=welcome-title>away</h1>");
  });
  await new Promise<void>((r) => away.listen(0, "127.0.0.1", r));
  const { port } = away.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  try {
    await s.execute<null>("window.location.href = arguments[0]; return null", [url]);
    // A link that opens a new window, tapped as a person would (script popups are blocked anyway).
    await s.execute<null>(
      "const a = document.createElement('a'); a.href = arguments[0]; a.target = '_blank'; a.textContent = 'away'; a.id = 'away'; a.style.cssText = 'position:fixed;top:0;left:0;padding:20px;z-index:9'; document.body.appendChild(a); return null",
      [url],
    );
    await s.click(await s.find("#away"));
    await new Promise((r) => setTimeout(r, 1500));
    await s.execute<null>("document.getElementById('away').remove(); return null");
  } finally {
    away.close();
  }
  expect(visits).toBe(0);
  await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
  expect(await s.execute<string>("return location.protocol")).toBe("tauri:");
  expect(await s.windowHandles()).toHaveLength(1);
  // The CSP forbids inline scripts: one slipped into the page does not run.
  const ran = await s.execute<unknown>(
    "const el = document.createElement('script'); el.textContent = 'window.__inlineRan = true'; document.head.appendChild(el); return window.__inlineRan ?? null",
  );
  expect(ran).toBeNull();
});

// Everything the first demo citizen's card and the registry say about her, in any form a screen,
// the state or a storage could keep it.
const GOHAR_TRACES = [
  "ABDULLAYEVA",
  "GÖHƏR",
  "GOHAR",
  "5ZK7Q2M",
  "AA1234567",
  "AA****567",
  "05.03.1980",
  "1980-03-05",
  "Heydər Əliyev prospekti",
];

/** The page, its storages and the Rust side's session, as one text to search for traces. */
async function everythingTheKioskHolds(): Promise<string> {
  const dom = await s.execute<string>("return document.documentElement.outerHTML");
  const storage = await s.execute<string>(
    "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])",
  );
  const databases = await s.execute<string>(
    "return (indexedDB.databases ? indexedDB.databases() : Promise.resolve([])).then((d) => JSON.stringify(d))",
  );
  const rust = await s.execute<string>(
    "return window.__TAURI_INTERNALS__.invoke('session_status').then((r) => JSON.stringify(r))",
  );
  return [dom, storage, databases, rust].join("\n");
}

test("a demo card starts a session with the registry's data; taking it out wipes screen, state and storage", async () => {
  await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
  await s.click(await s.find("[data-testid=lang-ru]"));
  await s.click(await s.find("[data-testid=demo-insert-0]"));
  // Online, the registry's spelling replaces the card's transliteration.
  await s.waitForText("[data-testid=citizen-name]", "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
  expect(await s.text(await s.find("[data-testid=citizen-document]"))).toBe("AA****567");
  // The card was inserted to book: the officials open by itself; Back shows the greeting.
  await s.waitFor("the officials screen", async () =>
    (await s.findAll("main[data-screen=officials]")).length > 0 ? true : undefined,
  );
  await s.click(await s.find("[data-testid=back]"));
  await s.waitForText(
    "[data-testid=citizen-address]",
    "Biləsuvar rayonu, Biləsuvar şəhəri, Heydər Əliyev prospekti 12, mənzil 4",
  );
  const during = await everythingTheKioskHolds();
  expect(during).toContain("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
  await shot("session-ru");

  await s.click(await s.find("[data-testid=demo-remove]"));
  await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
  const after = await everythingTheKioskHolds();
  for (const trace of GOHAR_TRACES) expect(after, `${trace} left after the wipe`).not.toContain(trace);
  expect(after).toContain('"ended":"card-removed"');
});

test("an idle session counts down, 'I need more time' keeps it, and then it ends by itself", async () => {
  await s.click(await s.find("[data-testid=demo-insert-1]"));
  await s.waitForText("[data-testid=citizen-name]", "ƏLİYEV İLQAR ŞAHİN OĞLU");
  const seconds = await s.waitFor("the countdown", async () => {
    const els = await s.findAll("[data-testid=countdown-seconds]");
    return els.length > 0 ? s.text(els[0]) : undefined;
  });
  expect(Number(seconds)).toBeGreaterThan(0);
  expect(Number(seconds)).toBeLessThanOrEqual(COUNTDOWN_SECONDS);
  await shot("countdown-az");
  await s.click(await s.find("[data-testid=more-time]"));
  await s.waitFor("the countdown gone", async () =>
    (await s.findAll("[data-testid=countdown]")).length === 0 ? true : undefined,
  );
  expect(await s.text(await s.find("[data-testid=citizen-name]"))).toBe("ƏLİYEV İLQAR ŞAHİN OĞLU");
  // Now nobody touches it: the countdown comes back and runs out.
  await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
  const after = await everythingTheKioskHolds();
  for (const trace of ["ƏLİYEV", "ALIYEV", "İLQAR", "ILQAR", "2HQ9R4T", "AA7654321", "20.11.1975"]) {
    expect(after, `${trace} left after the idle wipe`).not.toContain(trace);
  }
  expect(after).toContain('"ended":"idle"');
});

test("the demo's virtual printer wrote its test page as ESC/POS bytes, their PNG and an A4 PDF", () => {
  const files = readdirSync(noticeDir).sort();
  expect(files).toEqual(["SINAQ.escpos", "SINAQ.pdf", "SINAQ.png"]);
});

test("a second launch does not open a second kiosk, and the first keeps working", async () => {
  const testPage = join(noticeDir, "SINAQ.png");
  const printedBefore = statSync(testPage).mtimeMs;
  // Hide the kiosk first: the second launch must bring it back.
  await s.minimize();
  await s.waitFor("the kiosk hidden", async () =>
    (await s.execute<string>("return document.visibilityState")) === "hidden" ? true : undefined,
  );
  const second = spawn(app, appArgs, { stdio: "ignore" });
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      second.kill("SIGKILL");
      reject(new Error("the second instance kept running"));
    }, 30_000);
    second.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).toBe(0);
  // It handed over before starting anything: its virtual printer never printed a test page.
  expect(statSync(testPage).mtimeMs).toBe(printedBefore);
  await s.waitFor("the kiosk brought forward", async () =>
    (await s.execute<string>("return document.visibilityState")) === "visible" ? true : undefined,
  );
  await s.waitForText("[data-testid=welcome-title]", WELCOME.az);
});
