// What the end-to-end tests share: the kiosk binary driven through tauri-driver, and a citizen's
// hands on it (touches counted, the on-screen keyboard key by key), its sizes measured and its
// screens photographed in three languages.
import { execFileSync } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "./webdriver";

export function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
  return v;
}

export const LANGS = ["az", "ru", "en"] as const;
export type Lang = (typeof LANGS)[number];
const shots = env("SCREENSHOT_DIR");

/** The kiosk under test (set by `startKiosk`). */
export let s: Session;

/** Starts the kiosk binary with `appArgs` and waits for its welcome screen. */
export async function startKiosk(appArgs: string[]): Promise<Session> {
  s = await Session.start(env("WEBDRIVER_URL"), env("KIOSK_APP"), appArgs);
  await welcome();
  return s;
}

/** Waits for the welcome screen. */
export async function welcome() {
  await s.waitFor("the welcome screen", async () =>
    (await s.findAll("[data-testid=welcome-title]")).length > 0 ? true : undefined,
  );
}

/** A new citizen at a kiosk whose server is up and whose printer has paper. */
export async function newCitizen() {
  await invoke("demo_server", { online: true });
  await invoke("demo_paper", { out: false });
  await s.waitFor("the kiosk online", async () =>
    (await s.findAll("[data-testid=sync-status][data-online=true]")).length > 0 ? true : undefined,
  );
  await s.execute<null>("return window.__TAURI_INTERNALS__.invoke('session_finish').then(() => null)");
  await welcome();
}

/** What a citizen did: touches (apart from typing), keys typed, and how long it took. */
export class Script {
  touches = 0;
  keys = 0;
  readonly started = Date.now();
  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}

/** A figure for docs/benchmarks.md (`cargo xtask screenshots` copies them there), and the log. */
export function figure(line: string) {
  console.log(line);
  appendFileSync(join(shots, FIGURES), `${line}\n`);
}
export const FIGURES = "e2e-figures.txt";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function shot(name: string) {
  await sleep(300);
  writeFileSync(join(shots, `${name}.png`), await s.screenshot());
}

export async function onScreen(name: string) {
  await s.waitFor(`the ${name} screen`, async () =>
    (await s.findAll(`main[data-screen=${name}]`)).length > 0 ? true : undefined,
  );
}

/** A touch the citizen makes (counted). */
export async function touch(script: Script | null, css: string) {
  const el = await s.waitFor(css, async () => {
    const els = await s.findAll(css);
    return els.length > 0 ? els[0] : undefined;
  });
  await s.click(el);
  if (script) script.touches++;
}

/**
 * Taps a text field, as part of typing: the citizen first swipes the form to it, and if the
 * on-screen keyboard still covers it, closes the keyboard with its own button.
 */
export async function tapField(css: string) {
  const covered = await s.execute<boolean>(
    `const e = document.querySelector(arguments[0]);
     e.scrollIntoView({ block: "nearest" });
     const r = e.getBoundingClientRect();
     const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
     return !(at && (at === e || e.contains(at)));`,
    [css],
  );
  if (covered && (await s.findAll("[data-testid=keyboard-hide]")).length > 0) {
    await touch(null, "[data-testid=keyboard-hide]");
    await sleep(400);
  }
  await touch(null, css);
}

/** "Next" on the details screen: beside the keyboard while it is up, else under the last field. */
export async function detailsNext(script: Script) {
  const docked = (await s.findAll("[data-testid=keyboard-next]")).length > 0;
  await touch(script, docked ? "[data-testid=keyboard-next]" : "[data-testid=details-next]");
}

/** Types `text` on the on-screen keyboard, key by key (capitals through shift). */
export async function type(script: Script, text: string, locale = "az") {
  let previous = "";
  for (const ch of text) {
    const lower = ch.toLocaleLowerCase(locale);
    // The keyboard ignores a second tap of the same key within 150 ms (a shaky finger).
    if (lower === previous) await sleep(180);
    if (ch === " ") await touch(null, "[data-testid=key-space]");
    else {
      if (lower !== ch) await touch(null, "[data-testid=key-shift]");
      await touch(null, `[data-testid="key-${lower}"]`);
    }
    previous = lower;
    script.keys++;
  }
}

export async function value(css: string): Promise<string> {
  return s.execute<string>("return document.querySelector(arguments[0]).value", [css]);
}

/**
 * Every touch target on the screen at least 80×80 px, every text at least 28 px: the kiosk's
 * sizes at arm's length on the 21.5″ 1920×1080 panel. Returns what is smaller, by element.
 */
export async function measure(screen: string): Promise<string[]> {
  return s.execute<string[]>(
    `const bad = [];
    const seen = (e) => { const r = e.getBoundingClientRect(); const st = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && st.visibility !== "hidden" && st.display !== "none"; };
    const name = (e) => (e.dataset.testid ? "[data-testid=" + e.dataset.testid + "]" : e.tagName.toLowerCase() + "." + e.className) + " " + JSON.stringify((e.textContent || "").trim().slice(0, 30));
    for (const e of document.querySelectorAll("button, input, textarea, select, a[href], [role=button], [role=radio], [role=checkbox], [role=switch]")) {
      if (!seen(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.width < 80 || r.height < 80) bad.push(arguments[0] + ": target " + name(e) + " is " + Math.round(r.width) + "×" + Math.round(r.height));
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const e = n.parentElement;
      if (!e || !seen(e) || e.closest("[aria-hidden=true]")) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < 28) bad.push(arguments[0] + ": text " + name(e) + " is " + size + " px");
    }
    return [...new Set(bad)];`,
    [screen],
  );
}

export const sizeProblems: string[] = [];

/** Screenshots of the screen in az, ru and en (back to `back` after), and its sizes in each. */
export async function everyLanguage(name: string, back: Lang = "az") {
  for (const lang of LANGS) {
    const now = await s.execute<string>("return document.documentElement.lang");
    if (now !== lang) await touch(null, `[data-testid=lang-${lang}]`);
    await s.waitFor(`the page in ${lang}`, async () =>
      (await s.execute<string>("return document.documentElement.lang")) === lang ? true : undefined,
    );
    await sleep(200);
    sizeProblems.push(...(await measure(`${name} (${lang})`)));
    await shot(`${name}-${lang}`);
  }
  if (back !== "en") {
    await touch(null, `[data-testid=lang-${back}]`);
    await s.waitFor(`the page in ${back}`, async () =>
      (await s.execute<string>("return document.documentElement.lang")) === back ? true : undefined,
    );
  }
}

/** The first date button of the booking screen that can be booked now (`here`: from the lease). */
export async function firstDate(here = false): Promise<string> {
  return s.waitFor("a date to pick", async () => {
    const id = await s.execute<string | null>(
      `const b = [...document.querySelectorAll("[data-testid=reception-date-choices] [data-testid^=reception-date-]")]
        .find((b) => b.getAttribute("aria-disabled") !== "true" && (!arguments[0] || b.dataset.here === "true"));
      return b ? b.dataset.testid : null;`,
      [here],
    );
    return id ?? undefined;
  });
}

/** The booking id the sent screen shows (for asking the demo's server about it). */
export async function sentBooking(): Promise<{ id: string; number: string }> {
  await onScreen("sent");
  return s.execute<{ id: string; number: string }>(
    `const e = document.querySelector("[data-testid=sent-screen]");
     return { id: e.dataset.bookingId, number: document.querySelector("[data-testid=sent-number]").textContent.trim() };`,
  );
}

export async function serverBooking(id: string) {
  return s.execute<{ status: string; data: unknown; error?: unknown } | null>(
    "return window.__TAURI_INTERNALS__.invoke('demo_server_booking', { bookingId: arguments[0] }).then((d) => ({ status: 'ok', data: d }), (e) => ({ status: 'error', error: e }))",
    [id],
  );
}

export async function invoke(cmd: string, args: Record<string, unknown>) {
  return s.execute<unknown>(
    "return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((d) => d ?? null)",
    [cmd, args],
  );
}

/** The barcode of the notice `number` printed, read back with zbarimg from the paper's PNG. */
export function readBarcode(noticeDir: string, number: string): string {
  const png = join(noticeDir, `${number}.png`);
  const out = execFileSync("zbarimg", ["--quiet", "-Scode128.enable", png], { encoding: "utf8" });
  const line = out.split("\n").find((l) => l.startsWith("CODE-128:"));
  if (!line) throw new Error(`no CODE-128 barcode in ${png}: ${out}`);
  return line.slice("CODE-128:".length).trim();
}

/** `dd.mm` of a `yyyy-mm-dd` date, and of an instant in Baku (UTC+4, no summer time). */
export const ddmm = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}`;
export const bakuDdmm = (rfc3339: string) => ddmm(new Date(Date.parse(rfc3339) + 4 * 3600_000).toISOString());

export async function chooseAll(script: Script | null, here = false): Promise<string> {
  await onScreen("booking");
  const date = await firstDate(here);
  await touch(script, `[data-testid=${date}]`);
  await touch(script, "[data-testid=topic-choices] button");
  await touch(script, "[data-testid=social-status-choices] button");
  await touch(script, "[data-testid=privilege-none]");
  await touch(script, "[data-testid=booking-next]");
  await onScreen("details");
  return date;
}

/** A citizen with card `card` fills the form for `official`'s first date that can be booked now. */
export async function quickBooking(card: number, official: string, phone: string): Promise<string> {
  const script = new Script();
  await s.click(await s.find(`[data-testid=demo-insert-${card}]`));
  await onScreen("officials");
  await touch(script, `[data-official-id="${official}"]`);
  const date = await chooseAll(script);
  await tapField("[data-testid=phone-input]");
  await type(script, phone);
  await detailsNext(script);
  await onScreen("review");
  return date.slice("reception-date-".length);
}