// The booking flow in the real kiosk binary under Xvfb (through tauri-driver), as a new citizen
// would go through it: a demo card, an official, a date, the lists, the on-screen keyboard, the
// review, "sent", and the notice out of the demo's virtual printer, read back with zbarimg.
// Then the faults: a refused field, the printer out of paper, the server down.
// `cargo xtask test` provides WEBDRIVER_URL, KIOSK_APP, SCREENSHOT_DIR and a D-Bus session.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FIGURES, LANGS, Script, bakuDdmm, chooseAll, ddmm, detailsNext, env, everyLanguage, figure, firstDate,
  invoke, measure, newCitizen, onScreen, quickBooking, s, sentBooking, serverBooking, shot, sizeProblems,
  sleep, startKiosk, tapField, touch, type, value, welcome,
} from "./citizen";
import * as citizen from "./citizen";

const shots = env("SCREENSHOT_DIR");
const noticeDir = mkdtempSync(join(tmpdir(), "qebul-e2e-booking-"));
// A long idle time: the scripted citizen takes screenshots in three languages on the way.
const appArgs = ["--demo", "--notice-dir", noticeDir, "--idle-seconds", "600"];
const readBarcode = (number: string) => citizen.readBarcode(noticeDir, number);

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  rmSync(join(shots, FIGURES), { force: true });
  await startKiosk(appArgs);
  // Touch → the first frame that differs from the page at the touch (its markup or a field's
  // text), for every touch of the run (reported, not asserted). A touch that changes nothing
  // within a second is counted apart.
  await s.execute<null>(`
    const touches = (window.__touchResponses = []);
    window.__touchesWithoutResponse = 0;
    const look = () => document.body.innerHTML + [...document.querySelectorAll("input, textarea")].map((e) => e.value).join("\\u0000");
    let watching = null;
    let last = -1;
    window.__silentTouches = [];
    const down = (event) => {
      const t0 = performance.now();
      if (t0 - last < 100) return; // pointerdown, mousedown and click of one touch
      last = t0;
      const target = event.target && event.target.closest ? event.target.closest("[data-testid]") : null;
      const what = target ? target.dataset.testid : String(event.target && event.target.tagName);
      if (watching) { watching.done = true; window.__touchesWithoutResponse++; window.__silentTouches.push(watching.what); }
      const w = (watching = { before: look(), done: false, what });
      const frame = (now) => {
        if (w.done) return;
        if (look() !== w.before) { w.done = true; watching = null; touches.push(performance.now() - t0); return; }
        if (now - t0 > 1000) { w.done = true; watching = null; window.__touchesWithoutResponse++; window.__silentTouches.push(w.what); return; }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    };
    for (const type of ["pointerdown", "mousedown", "click"]) document.addEventListener(type, down, true);
    return null;`);
});

beforeEach(async () => {
  // Each test is a new citizen, at a kiosk whose server is up and whose printer has paper.
  await newCitizen();
});

afterAll(async () => {
  await s?.delete();
  rmSync(noticeDir, { recursive: true, force: true });
});

test("a new citizen books an audience with touches and the on-screen keyboard; the notice comes out with the booking's barcode, and the booking reaches the server", async () => {
  const script = new Script();
  // The card goes in (not a touch on the screen): the kiosk opens the officials by itself.
  await s.click(await s.find("[data-testid=demo-insert-0]"));
  await onScreen("officials");
  await touch(script, "[data-testid=official]");
  await chooseAll(script);
  // Each field is tapped, then typed into: both count as typing.
  await tapField("[data-testid=email-input]");
  await type(script, "gohar.abdullayeva");
  await touch(null, '[data-testid="key-@"]');
  await touch(null, '[data-testid="key-gmail.com"]');
  script.keys += 2;
  await tapField("[data-testid=phone-input]");
  await type(script, "501234567");
  await tapField("[data-testid=note-input]");
  await type(script, "Ərizə İcra başçısına");
  expect(await value("[data-testid=email-input]")).toBe("gohar.abdullayeva@gmail.com");
  expect((await value("[data-testid=phone-input]")).replace(/\s/g, "")).toBe("+994501234567");
  expect(await value("[data-testid=note-input]")).toBe("Ərizə İcra başçısına");
  await detailsNext(script);
  await onScreen("review");
  await touch(script, "[data-testid=send]");
  const booked = await sentBooking();
  const seconds = script.seconds();

  // The notice prints by itself; the screen says so once it is out.
  await s.waitFor("the notice printed", async () =>
    (await s.findAll("[data-testid=sent-printed]")).length > 0 ? true : undefined,
  );
  const digits = booked.number.replace(/\D/g, "");
  expect(existsSync(join(noticeDir, `${digits}.escpos`))).toBe(true);
  const barcode = readBarcode(digits);

  // The booking went up at once (the sync was woken); the server's copy is what was printed.
  const onServer = await s.waitFor("the booking on the server", async () => {
    const r = await serverBooking(booked.id);
    return r?.status === "ok" && r.data ? (r.data as { number: number; reception_date: string; created_at: string }) : undefined;
  });
  // On screen and on paper, the number has its series digit in front of the server's 7.
  expect(String(onServer.number).padStart(7, "0")).toBe(digits.slice(-7));
  expect(barcode).toBe(`${bakuDdmm(onServer.created_at)}${String(onServer.number).padStart(7, "0")}${ddmm(onServer.reception_date)}`);

  // WebDriver does not read, hesitate or hunt for keys: the person's share is estimated with the
  // keystroke-level model (Card, Moran & Newell): 1.35 s to think per screen, 1.1 s per touch,
  // and 0.75 s per key on an unfamiliar on-screen keyboard, added to the kiosk's own time.
  const screens = 5; // officials, dates and lists, details, review, sent
  const person = screens * 1.35 + script.touches * 1.1 + script.keys * 0.75;
  figure(
    `scripted booking (card in → "sent"): ${script.touches} touches apart from typing (goal ≤ 8), ${script.keys} keys typed on the on-screen keyboard; the kiosk's time ${seconds.toFixed(1)} s, with a person's reading, reaching and typing estimated ${(seconds + person).toFixed(0)} s (goal ≤ 60 s)`,
  );
  await touch(null, "[data-testid=sent-finish]");
  await s.waitFor("the welcome screen", async () =>
    (await s.findAll("[data-testid=welcome-title]")).length > 0 ? true : undefined,
  );
});

test("every screen in az, ru and en at 1920×1080; a refused field is corrected; the language switch keeps everything", async () => {
  // The measure finds what is too small: a 20 px text and a 60 px button put in for a moment.
  await s.execute<null>(
    // Styled through the CSSOM: the kiosk's CSP ignores style attributes in markup.
    `const d = document.createElement("div"); d.id = "too-small";
     const p = document.createElement("p"); p.textContent = "small"; p.style.fontSize = "20px";
     const b = document.createElement("button"); b.textContent = "x";
     Object.assign(b.style, { width: "60px", height: "60px", minWidth: "0", minHeight: "0" });
     d.append(p, b); document.querySelector("main").appendChild(d); return null;`,
  );
  const caught = await measure("probe");
  const probe = await s.execute<string>(
    `const d = document.getElementById("too-small"); const p = d.querySelector("p"); const b = d.querySelector("button");
     const r = b.getBoundingClientRect();
     return getComputedStyle(p).fontSize + " " + r.width + "x" + r.height + " " + d.getBoundingClientRect().height;`,
  );
  await s.execute<null>("document.getElementById('too-small').remove(); return null");
  expect(caught.filter((p) => p.startsWith("probe") && (p.includes("small") || p.includes("60×60"))), `${probe}: ${JSON.stringify(caught)}`).toHaveLength(2);
  sizeProblems.length = 0;
  const script = new Script();
  await everyLanguage("flow-welcome");
  await s.click(await s.find("[data-testid=demo-insert-1]"));
  await onScreen("officials");
  await everyLanguage("flow-officials");
  await touch(script, "[data-testid=official]");
  await onScreen("booking");
  await touch(script, `[data-testid=${await firstDate()}]`);
  await touch(script, "[data-testid=topic-choices] button");
  await touch(script, "[data-testid=social-status-choices] button");
  await touch(script, "[data-testid=privilege-none]");
  await everyLanguage("flow-booking");
  await touch(script, "[data-testid=booking-next]");
  await onScreen("details");
  await tapField("[data-testid=phone-input]");
  await type(script, "5012");
  await tapField("[data-testid=workplace-input]");
  await type(script, "Biləsuvar RİH");
  await shot("flow-details-keyboard-az");
  await detailsNext(script);
  // Refused beside its field, in the citizen's language, with the focus on it.
  await s.waitFor("the phone refused", async () =>
    (await s.findAll("[data-testid=phone-error]")).length > 0 ? true : undefined,
  );
  const errors: Record<string, string> = {};
  for (const lang of LANGS) {
    const now = await s.execute<string>("return document.documentElement.lang");
    if (now !== lang) await touch(null, `[data-testid=lang-${lang}]`);
    await s.waitFor(`the page in ${lang}`, async () =>
      (await s.execute<string>("return document.documentElement.lang")) === lang ? true : undefined,
    );
    await sleep(200);
    errors[lang] = await s.text(await s.find("[data-testid=phone-error]"));
    sizeProblems.push(...(await measure(`details, phone refused (${lang})`)));
    await shot(`flow-details-refused-${lang}`);
    // Nothing typed is lost by switching.
    expect(await value("[data-testid=workplace-input]")).toBe("Biləsuvar RİH");
  }
  expect(new Set(Object.values(errors)).size, JSON.stringify(errors)).toBe(3);
  await touch(null, "[data-testid=lang-az]");
  await tapField("[data-testid=phone-input]");
  await type(script, "34567");
  await detailsNext(script);
  await onScreen("review");
  await everyLanguage("flow-review");
  expect(await s.text(await s.find("[data-testid=review-workplace-value]"))).toContain("Biləsuvar RİH");
  await touch(script, "[data-testid=send]");
  await sentBooking();
  await s.waitFor("the notice printed", async () =>
    (await s.findAll("[data-testid=sent-printed]")).length > 0 ? true : undefined,
  );
  await everyLanguage("flow-sent");
  await touch(null, "[data-testid=sent-finish]");
  expect(sizeProblems).toEqual([]);
});

test("the printer runs out of paper during the notice: the booking is kept with its number, and one 'print again' prints it", async () => {
  await invoke("demo_paper", { out: true });
  await s.waitFor("the welcome screen", async () =>
    (await s.findAll("[data-testid=welcome-title]")).length > 0 ? true : undefined,
  );
  const script = new Script();
  await s.click(await s.find("[data-testid=demo-insert-3]"));
  await onScreen("officials");
  await touch(script, "[data-testid=official]");
  await chooseAll(script);
  await tapField("[data-testid=phone-input]");
  await type(script, "551112233");
  await detailsNext(script);
  await onScreen("review");
  await touch(script, "[data-testid=send]");
  const booked = await sentBooking();
  await s.waitFor("the notice not printed", async () =>
    (await s.findAll("[data-testid=sent-not-printed]")).length > 0 ? true : undefined,
  );
  expect(await s.text(await s.find("[data-testid=sent-not-printed] [data-testid=sent-number]"))).toBe(booked.number);
  await everyLanguage("flow-sent-paper-out");
  const digits = booked.number.replace(/\D/g, "");
  expect(existsSync(join(noticeDir, `${digits}.png`))).toBe(false);

  await invoke("demo_paper", { out: false });
  await touch(null, "[data-testid=sent-print-again]");
  await s.waitFor("the notice printed", async () =>
    (await s.findAll("[data-testid=sent-printed]")).length > 0 ? true : undefined,
  );
  expect(await s.findAll("[data-testid=sent-print-again]")).toEqual([]);
  expect(readBarcode(digits)).toContain(digits.slice(-7));
  await touch(null, "[data-testid=sent-finish]");
});

test("offline: with the server down the kiosk books from its lease, and the booking reaches the server when it is back", async () => {
  await invoke("demo_server", { online: false });
  await s.waitFor("the kiosk offline", async () =>
    (await s.execute<string>("const e = document.querySelector('[data-testid=sync-status]'); return e ? e.dataset.online : ''")) === "false"
      ? true
      : undefined,
  );
  const script = new Script();
  await s.click(await s.find("[data-testid=demo-insert-4]"));
  // Offline the registry cannot be asked: the citizen confirms the address on the card first.
  await s.waitFor("the address to confirm, or the officials", async () =>
    (await s.findAll("[data-testid=address-form], main[data-screen=officials]")).length > 0 ? true : undefined,
  );
  if ((await s.findAll("[data-testid=address-form]")).length > 0) {
    await tapField("[data-testid=address-input]");
    await type(script, "Biləsuvar");
    await touch(script, "[data-testid=address-confirm]");
  }
  await onScreen("officials");
  await touch(script, "[data-testid=official]");
  await onScreen("booking");
  // The day two citizens spent cannot be booked offline, and says so before it is picked.
  const blocked = await s.findAll("[data-testid=reception-date-choices] [aria-disabled=true]");
  expect(blocked.length).toBeGreaterThan(0);
  await shot("flow-booking-offline-az");
  await chooseAll(script, true);
  await tapField("[data-testid=phone-input]");
  await type(script, "702223344");
  await detailsNext(script);
  await onScreen("review");
  await touch(script, "[data-testid=send]");
  const booked = await sentBooking();
  expect((await serverBooking(booked.id)) as unknown).toMatchObject({ status: "ok", data: null });
  await s.waitFor("the notice printed", async () =>
    (await s.findAll("[data-testid=sent-printed]")).length > 0 ? true : undefined,
  );

  await invoke("demo_server", { online: true });
  const onServer = await s.waitFor(
    "the booking on the server",
    async () => {
      const r = (await serverBooking(booked.id)) as { data: { number: number; direct: boolean } | null };
      return r.data ?? undefined;
    },
    60_000,
  );
  expect(String(onServer.number).padStart(7, "0")).toBe(booked.number.replace(/\D/g, "").slice(-7));
  expect(onServer.direct).toBe(false);
  await touch(null, "[data-testid=sent-finish]");
});

/** On the booking screen: the first date that can be booked now (`here`: from this kiosk's
 * places), the first topic and status, no privilege, then Next; returns the date's button. */

test("the last place goes while the citizen fills the form: the review says so, offers the next dates and keeps the form", async () => {
  const officials = (await invoke("list_officials", { lang: "az" })) as { officials: Array<{ id: string }> };
  const official = officials.officials[1].id;
  // Two citizens spend the kiosk's two places of the second official's first day.
  for (const [card, phone] of [[0, "503334455"], [1, "513334455"]] as const) {
    await quickBooking(card, official, phone);
    await touch(null, "[data-testid=send]");
    await sentBooking();
    await touch(null, "[data-testid=sent-finish]");
    await s.waitFor("the welcome screen", async () =>
      (await s.findAll("[data-testid=welcome-title]")).length > 0 ? true : undefined,
    );
  }
  // The third fills the form for the same day (online, the server would grant it)...
  const day = await quickBooking(3, official, "553334455");
  // ...and meanwhile the portal and the other kiosks take every place the server had left.
  expect(await invoke("demo_take_free_places", { officialId: official, date: day })).toBeGreaterThan(0);
  await touch(null, "[data-testid=send]");
  await s.waitFor("the place-gone refusal", async () =>
    (await s.findAll("[data-testid=book-error][data-code=place-gone]")).length > 0 ? true : undefined,
  );
  await everyLanguage("flow-review-place-gone");
  const offered = await s.execute<string[]>(
    `return [...document.querySelectorAll("[data-testid=other-date-choices] [data-testid^=other-date-]")]
      .filter((b) => b.getAttribute("aria-disabled") !== "true").map((b) => b.dataset.testid)`,
  );
  expect(offered.length).toBeGreaterThan(0);
  expect(offered).not.toContain(`other-date-${day}`);
  await touch(null, `[data-testid=${offered[0]}]`);
  // The form is kept: the phone typed before is still there.
  expect(await s.text(await s.find("[data-testid=review-phone-value]"))).toContain("55 333 44 55");
  await touch(null, "[data-testid=send]");
  const booked = await sentBooking();
  const onServer = await s.waitFor("the booking on the server", async () => {
    const r = (await serverBooking(booked.id)) as { data: { reception_date: string } | null };
    return r.data ?? undefined;
  });
  expect(onServer.reception_date).toBe(offered[0].slice("other-date-".length));
  await touch(null, "[data-testid=sent-finish]");
});

test("touch → response over the whole run (reported in docs/benchmarks.md, not asserted)", async () => {
  const [times, silent, which] = await s.execute<[number[], number, string[]]>(
    "return [window.__touchResponses, window.__touchesWithoutResponse, window.__silentTouches]",
  );
  console.log(`touches that changed nothing visible within 1 s: ${JSON.stringify(which)}`);
  expect(times.length).toBeGreaterThan(50);
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  figure(
    `touch → first frame after the page changed, ${times.length} touches of this run: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (goal ≤ 100 ms), max ${sorted[sorted.length - 1].toFixed(1)} ms; ${silent} touches changed nothing visible within 1 s`,
  );
});
