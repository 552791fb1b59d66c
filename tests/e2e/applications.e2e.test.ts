// The citizen's applications in the real kiosk binary under Xvfb (through tauri-driver): two
// audiences booked, found again by a date typed day first with dashes, by an official's name
// typed without its Azerbaijani letters, and by status; one opened, commented on and cancelled
// (the place is free again on the demo's server); the history with the server down; checking in
// on the day by card and by the notice's barcode typed by a keyboard-wedge scanner.
// `cargo xtask test` provides WEBDRIVER_URL, KIOSK_APP, SCREENSHOT_DIR and a D-Bus session.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LANGS, Script, everyLanguage, invoke, measure, newCitizen, onScreen, quickBooking, s, sentBooking, serverBooking,
  shot, sizeProblems, sleep, startKiosk, tapField, touch, type,
} from "./citizen";

const noticeDir = mkdtempSync(join(tmpdir(), "qebul-e2e-applications-"));
const appArgs = ["--demo", "--notice-dir", noticeDir, "--idle-seconds", "600"];

beforeAll(async () => {
  await startKiosk(appArgs);
});

beforeEach(async () => {
  await newCitizen();
});

afterAll(async () => {
  await s?.delete();
  rmSync(noticeDir, { recursive: true, force: true });
});

interface ServerBooking {
  status: string;
  arrived: boolean;
  comments: string[];
  free_places: number;
}

async function onServer(id: string): Promise<ServerBooking> {
  const r = await serverBooking(id);
  if (r?.status !== "ok" || !r.data) throw new Error(`the server has no booking ${id}: ${JSON.stringify(r)}`);
  return r.data as ServerBooking;
}

/** Card `card` books an audience with `official` (its first date bookable now); returns it. */
async function book(card: number, official: string, phone: string) {
  const date = await quickBooking(card, official, phone);
  await touch(null, "[data-testid=send]");
  const booked = await sentBooking();
  await touch(null, "[data-testid=sent-finish]");
  await onScreen("welcome");
  return { ...booked, date };
}

/** The booking ids the history lists now, in order. */
async function listed(): Promise<string[]> {
  await s.waitFor("the history loaded", async () =>
    (await s.findAll("[data-testid=history-loading]")).length === 0 ? true : undefined,
  );
  await sleep(300);
  return s.execute<string[]>(
    `return [...document.querySelectorAll("[data-testid=history-row]")].map((r) => r.dataset.bookingId);`,
  );
}

/** Runs the search with the on-screen keyboard's or the form's own button. */
async function search() {
  const docked = (await s.findAll("[data-testid=keyboard-search]")).length > 0;
  await touch(null, docked ? "[data-testid=keyboard-search]" : "[data-testid=history-search-run]");
}

async function clearSearch() {
  if ((await s.findAll("[data-testid=keyboard-hide]")).length > 0) await touch(null, "[data-testid=keyboard-hide]");
  await touch(null, "[data-testid=history-search-clear]");
}

async function waitUntil<T>(what: string, f: () => Promise<T | undefined>): Promise<T> {
  return s.waitFor(what, f);
}

test("a citizen books two audiences, finds one by a d-m-yyyy date, a misspelt official and its status, comments on it and cancels it; the place is free again on the server", async () => {
  const first = await book(0, "bilesuvar-1", "501234567");
  const second = await book(0, "bilesuvar-2", "501234567");
  const freeBefore = (await onServer(first.id)).free_places;

  await s.click(await s.find("[data-testid=demo-insert-0]"));
  await onScreen("officials");
  await waitUntil("the count on the tab", async () =>
    (await s.text(await s.find("[data-testid=tab-history]"))).includes("2") ? true : undefined,
  );
  await touch(null, "[data-testid=tab-history]");
  await onScreen("history");
  expect(await listed()).toEqual([second.id, first.id]);
  await everyLanguage("history-list");

  // The guide's example is typed 3-4-2015: day first, dashes, no leading zeros.
  const [y, m, d] = first.date.split("-").map(Number);
  const script = new Script();
  await tapField("[data-testid=history-date-input]");
  await type(script, `${d}-${m}-${y}`);
  await search();
  await waitUntil("one application for that date", async () => ((await listed()).length === 1 ? true : undefined));
  expect(await listed()).toEqual([first.id]);
  expect(await s.text(await s.find("[data-testid=history-date-searched]"))).toContain(String(y));
  await shot("history-by-date-az");
  await clearSearch();

  // MƏMMƏDOV, typed as people do without Ə.
  await tapField("[data-testid=history-official-input]");
  await type(script, "mammadov");
  await search();
  await waitUntil("one application with that official", async () => ((await listed()).length === 1 ? true : undefined));
  expect(await listed()).toEqual([second.id]);
  await clearSearch();

  // A date that is not one is said so, in the citizen's language.
  await tapField("[data-testid=history-date-input]");
  await type(script, "31-2-2026");
  await search();
  await waitUntil("the date refused", async () =>
    (await s.findAll("[data-testid=history-date-error]")).length > 0 ? true : undefined,
  );
  await everyLanguage("history-date-refused");
  await clearSearch();

  await touch(null, "[data-testid=history-status-active]");
  await search();
  await waitUntil("both active", async () => ((await listed()).length === 2 ? true : undefined));

  // The first one: its details, a comment, then cancelled.
  await touch(null, `[data-testid=history-row][data-booking-id="${first.id}"]`);
  await onScreen("application");
  await waitUntil("the details", async () =>
    (await s.findAll("[data-testid=application-number]")).length > 0 ? true : undefined,
  );
  expect(await s.text(await s.find("[data-testid=application-number]"))).toBe(first.number);
  await everyLanguage("application-details");
  await tapField("[data-testid=comment-input]");
  await type(script, "Zəng edin");
  const docked = (await s.findAll("[data-testid=keyboard-send]")).length > 0;
  await touch(null, docked ? "[data-testid=keyboard-send]" : "[data-testid=comment-send]");
  await waitUntil("the comment on the server", async () =>
    (await onServer(first.id)).comments.includes("Zəng edin") ? true : undefined,
  );
  await waitUntil("the comment in the timeline", async () =>
    (await s.execute<boolean>(
      `return [...document.querySelectorAll("[data-testid=timeline-text]")].some((e) => e.textContent.includes("Zəng edin"));`,
    ))
      ? true
      : undefined,
  );
  await shot("application-commented-az");

  // The confirmation names the official and the date, in each language (it covers the
  // language switch while it is open: "no" closes it).
  const [fy, fm, fd] = first.date.split("-");
  for (const lang of LANGS) {
    await touch(null, `[data-testid=lang-${lang}]`);
    await sleep(300);
    await touch(null, "[data-testid=cancel]");
    await waitUntil("the confirmation", async () =>
      (await s.findAll("[data-testid=cancel-dialog]")).length > 0 ? true : undefined,
    );
    const question = await s.text(await s.find("[data-testid=cancel-question]"));
    expect(question).toContain(`${fd}.${fm}.${fy}`);
    expect(question).toContain("QULİYEV");
    sizeProblems.push(...(await measure(`cancel confirmation (${lang})`)));
    await shot(`application-cancel-confirm-${lang}`);
    if (lang !== "en") await touch(null, "[data-testid=cancel-no]");
  }
  await touch(null, "[data-testid=cancel-yes]");
  await waitUntil("cancelled on the server", async () =>
    (await onServer(first.id)).status === "cancelled" ? true : undefined,
  );
  await waitUntil("cancelled on the screen", async () =>
    (await s.findAll("[data-testid=cancel]")).length === 0 ? true : undefined,
  );
  expect((await onServer(first.id)).free_places).toBe(freeBefore + 1);
  await everyLanguage("application-cancelled");
  await touch(null, "[data-testid=lang-az]");

  // Back in the history: found by the cancelled status.
  await touch(null, "[data-testid=application-back]");
  await onScreen("history");
  await clearSearch();
  await touch(null, "[data-testid=history-status-cancelled]");
  await search();
  await waitUntil("the cancelled one", async () => ((await listed()).length === 1 ? true : undefined));
  expect(await listed()).toEqual([first.id]);
  expect(sizeProblems).toEqual([]);
});

test("with the server down the history is this kiosk's own, and says the list may be incomplete", async () => {
  await book(1, "bilesuvar-3", "551112233");
  await invoke("demo_server", { online: false });
  await s.waitFor("the kiosk offline", async () =>
    (await s.findAll("[data-testid=sync-status][data-online=false]")).length > 0 ? true : undefined,
  );
  await s.click(await s.find("[data-testid=demo-insert-1]"));
  // Offline the registry cannot be asked: the citizen confirms the address on the card first.
  // (Asking it may take the client's whole time limit, 5 s to connect and 15 s to answer, when
  // the server went away with a connection open.)
  await s.waitFor(
    "the address to confirm, or the officials",
    async () => ((await s.findAll("[data-testid=address-form], main[data-screen=officials]")).length > 0 ? true : undefined),
    45_000,
  );
  if ((await s.findAll("[data-testid=address-form]")).length > 0) {
    await tapField("[data-testid=address-input]");
    await type(new Script(), "Biləsuvar");
    await touch(null, "[data-testid=address-confirm]");
  }
  await onScreen("officials");
  await touch(null, "[data-testid=tab-history]");
  await onScreen("history");
  await waitUntil("the offline note", async () =>
    (await s.findAll("[data-testid=history-offline]")).length > 0 ? true : undefined,
  );
  expect((await listed()).length).toBe(1);
  await everyLanguage("history-offline");
  sizeProblems.push(...(await measure("history offline")));
  expect(sizeProblems).toEqual([]);
});

test("on the reception day a citizen checks in by card, and again by the notice's barcode typed by a scanner", async () => {
  await s.click(await s.find("[data-testid=demo-insert-3]"));
  await onScreen("officials");
  const generation = await s.execute<number>(
    "return window.__TAURI_INTERNALS__.invoke('session_status').then((v) => v.generation)",
  );
  const today = (await invoke("demo_book_today", { generation })) as { booking_id: string; number: string; barcode: string };
  // The card goes in again on the day: the kiosk checks the citizen in by itself.
  await touch(null, "[data-testid=demo-remove]");
  await onScreen("welcome");
  await s.click(await s.find("[data-testid=demo-insert-3]"));
  await onScreen("checkin");
  expect(await s.text(await s.find("[data-testid=checkin-number]"))).toContain(today.number);
  expect(await s.text(await s.find("[data-testid=checkin-place]"))).toContain("1");
  await waitUntil("the arrival on the server", async () => ((await onServer(today.booking_id)).arrived ? true : undefined));
  await everyLanguage("checkin-card");
  await touch(null, "[data-testid=checkin-finish]");
  await onScreen("welcome");
  await touch(null, "[data-testid=demo-remove]").catch(() => undefined);

  // At the welcome screen, nobody's card in: the scanner types the barcode and Enter.
  await newCitizen();
  await s.keys(`${today.barcode}\n`);
  await onScreen("checkin");
  const headline = await s.text(await s.find("[data-testid=checkin-headline]"));
  expect(headline.length).toBeGreaterThan(0);
  expect(await s.execute<string>("return document.querySelector('[data-testid=checkin-row]').dataset.outcome ?? ''")).toBe(
    "already-checked-in",
  );
  await everyLanguage("checkin-barcode-again");
  await touch(null, "[data-testid=checkin-finish]");
  await onScreen("welcome");

  // A notice no booking has: said plainly.
  await s.keys("010199999990101\n");
  await onScreen("checkin");
  expect(await s.execute<string>("return document.querySelector('[data-testid=checkin-row]').dataset.outcome ?? ''")).toBe(
    "unknown",
  );
  await everyLanguage("checkin-unknown");
  await touch(null, "[data-testid=checkin-finish]");
  await onScreen("welcome");

  // Something that is no notice barcode at all (an impossible day 34.12): the welcome screen says so.
  await s.keys("341200000610704\n");
  await s.waitFor("the scan refused", async () =>
    (await s.findAll("[data-testid=scan-problem]")).length > 0 ? true : undefined,
  );
  // (Any touch clears it, the language switch too: one picture.)
  sizeProblems.push(...(await measure("scan refused (az)")));
  await shot("checkin-unreadable-az");
  expect(sizeProblems).toEqual([]);
});
