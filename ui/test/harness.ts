// Boots the real UI with Tauri's IPC mocked (mockIPC), for the browser tests. Served by Vite's
// dev server only; `vite build` never includes it. `?fail=<code>` makes the first list fail;
// `?screen=<name>` opens a screen directly (main.ts reads it). kiosk_info and the event plumbing
// are mocked by hand; the officials list is the Rust side's. The session behaves as Rust's does:
// a touch starts a visitor's session, the language is the session's, an end goes back to
// Azerbaijani; `window.__report(state)` sends the UI any SessionChanged a test needs, and
// `window.__emit(event, payload)` any other event. The access modes (speech, large text, high
// contrast) are the session's too: `?speech`, `?large-text`, `?high-contrast` start with one on,
// an end turns them off, and what speech mode says is kept in `window.__spoken` (mocks/access.ts).
// The staff screen's commands are mocks/staff.ts (`?staff` starts it open, `?staff-locked` locked).
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import officials from "./officials.json";
import bookingOptions from "./booking-options.json";
import { translator } from "../src/lib/i18n";
import type { MockContext } from "./mocks/context";
import { commands as historyCommands } from "./mocks/history";
import { commands as applicationCommands } from "./mocks/application";
import { commands as checkinCommands } from "./mocks/checkin";
import { commands as accessCommands, initialAccess } from "./mocks/access";
import { commands as staffCommands } from "./mocks/staff";

const params = new URLSearchParams(location.search);
let failuresLeft = params.has("fail") ? 1 : 0;
const calls: Array<{ cmd: string; args: unknown }> = [];
(window as unknown as { __ipcCalls: typeof calls }).__ipcCalls = calls;

/** Nobody there: every mode off, the volume in the middle (a session's end comes back to it). */
const NO_ACCESS = { speech: false, volume: 3, large_text: false, high_contrast: false };
const NONE = {
  generation: 0,
  phase: "none",
  seconds_left: 0,
  lang: "az",
  citizen: null,
  ended: null,
  notice: null,
  reader_problem: null,
  access: NO_ACCESS,
};
const GOHAR = {
  full_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI",
  birth_date: "05.03.1980",
  address: "Biləsuvar rayonu, Biləsuvar şəhəri, Heydər Əliyev prospekti 12, mənzil 4",
  document_kind: "id-card",
  document_number: "AA****567",
  from_registry: true,
  needs_address: false,
};
/** What the Rust side would report: `?citizen`, `?countdown`, `?card-offline` start with one. */
let session: Record<string, unknown> = params.has("citizen")
  ? { ...NONE, phase: "active", citizen: GOHAR }
  : params.has("countdown")
    ? { ...NONE, phase: "countdown", seconds_left: 12, citizen: GOHAR }
    : params.has("card-offline")
      ? {
          ...NONE,
          phase: "active",
          citizen: { ...GOHAR, full_name: "ABDULLAYEVA GOHAR", address: null, from_registry: false, needs_address: true },
        }
      : params.has("expired")
        ? { ...NONE, notice: "document-expired" }
        : params.has("reader-lost")
          ? {
              ...NONE,
              notice: "reader-lost",
              reader_problem: "the document reader on /dev/ttyACM0 is unplugged; plug it back in",
            }
          : NONE;
// `?speech`, `?large-text`, `?high-contrast`: the session starts with that mode on (mocks/access.ts);
// `?lang=ru|en`: in that language.
session = { ...session, access: initialAccess(params, NO_ACCESS), lang: params.get("lang") ?? session.lang };
function report(next: Record<string, unknown>) {
  session = next;
  setTimeout(() => void emit("session-changed", next), 0);
}
Object.assign(window, { __report: report, __none: NONE, __gohar: GOHAR, __emit: emit });

/** `?many-officials`: the seed's eight and four more (with Ə, İ, Ş, Ç; one spelled without marks). */
const MORE_OFFICIALS = [
  ["bilesuvar-9", "ƏLİYEV RAMİL ƏLİ OĞLU", "Baş məsləhətçi", "Главный консультант", "Chief adviser"],
  ["bilesuvar-10", "ÇOBANOVA İLAHƏ ŞAMİL QIZI", "Sektor müdiri", "Заведующий сектором", "Head of sector"],
  ["bilesuvar-11", "SAHIN ORXAN CINGIZ OGLU", "Aparatın rəhbəri", "Руководитель аппарата", "Head of staff"],
  ["bilesuvar-12", "İBRAHİMOVA NƏRGİZ ƏKBƏR QIZI", "Baş mütəxəssis", "Главный специалист", "Chief specialist"],
] as const;
function manyOfficials(lang: keyof typeof officials) {
  const seed = officials[lang];
  const more = MORE_OFFICIALS.map(([id, full_name, az, ru, en], i) => ({
    ...seed.officials[i + 4],
    id,
    full_name,
    position: { az, ru, en }[lang],
  }));
  return { ...seed, officials: [...seed.officials, ...more] };
}

/** The sent screen's notice: `?notice=<state>` (queued unless said), then `window.__setNotice(state)`. */
let noticeState = params.get("notice") ?? "queued";
Object.assign(window, { __setNotice: (state: string) => (noticeState = state) });

/**
 * The booking form's commands, as Rust answers them (simply). `booking_options` is the fixture
 * (the demo catalog's lists for bilesuvar-1; `?shortened` makes its third date a shortened
 * day); `check_form` refuses as qebul-core would, in Rust's words (the same .ftl files);
 * `book` books, or with `?book-fail=<code>` refuses (`ipc`: the call itself fails), and with
 * `?place-gone` its first answer is that the date's last place went, which the following
 * `booking_options` then show.
 */
type Lang = keyof typeof bookingOptions;
type Form = Record<string, string | boolean>;
const worded = (id: string, args?: Record<string, string | number>) =>
  Object.fromEntries((["az", "ru", "en"] as const).map((l) => [l, translator(l)(id, args)]));
let placeGoneLeft = params.has("place-gone") ? 1 : 0;
let goneDate: string | null = null;
function bookingOptionsOf(lang: Lang) {
  const options = structuredClone(bookingOptions[lang]);
  if (params.has("shortened")) options.dates[2].shortened = true;
  for (const d of options.dates) if (d.date === goneDate) Object.assign(d, { bookable: false, bookable_here: false, places_left: 0 });
  return options;
}
function checkForm(form: Form) {
  const problems: Array<{ field: string; code: string; message: Record<string, string> }> = [];
  const refuse = (field: string, code: string, args?: Record<string, string | number>) =>
    problems.push({ field, code, message: worded(`validation-${code}`, args) });
  const text = (key: string) => String(form[key] ?? "").trim();
  if (!text("official_id")) refuse("official", "official-missing");
  const offered = bookingOptionsOf("az").dates.filter((d) => d.bookable).map((d) => d.date);
  if (!text("reception_date")) refuse("reception-date", "date-missing");
  else if (!offered.includes(text("reception_date"))) refuse("reception-date", "date-not-offered");
  if (!text("topic_id")) refuse("topic", "topic-missing");
  if (!text("social_status_id")) refuse("social-status", "social-status-missing");
  const email = text("email");
  if (!email) refuse("email", "email-missing");
  else if (!/^[^@\s]+@[^@\s]*\.[^@\s]+$/.test(email)) refuse("email", "email-invalid");
  const phone = text("phone");
  const digits = phone.replace(/\D/g, "").replace(/^994/, "");
  if (!phone || phone === "+994") refuse("phone", "phone-missing");
  else if (!phone.startsWith("+994")) refuse("phone", "phone-not-e164");
  else if (digits.length < 9) refuse("phone", "phone-too-short");
  else if (digits.length > 9) refuse("phone", "phone-too-long");
  if (!text("workplace")) refuse("workplace", "workplace-missing");
  if (!text("position")) refuse("position", "position-missing");
  if (form.address_same_as_id !== true && !text("current_address")) refuse("address", "address-missing");
  const note = [...new Intl.Segmenter("az", { granularity: "grapheme" }).segment(text("note"))].length;
  if (note > 400) refuse("note", "note-too-long", { max: 400, found: note });
  return problems;
}
const BOOK_FAILURE: Record<string, [string, Record<string, string | number>?]> = {
  invalid: ["booking-form-invalid"],
  "no-citizen": ["booking-no-citizen"],
  "address-not-confirmed": ["booking-address-not-confirmed"],
  "catalog-unavailable": ["error-catalog-unavailable"],
  "no-place-here": ["booking-no-place-left"],
  "limit-reached": ["booking-limit-reached", { count: 1, dates: "07.12.2026" }],
  "place-gone": ["booking-place-gone"],
  "store-failed": ["booking-store-error"],
};
function bookingError(code: string) {
  const [id, args] = BOOK_FAILURE[code];
  const fields =
    code === "invalid"
      ? [
          { field: "topic", code: "topic-unknown", message: worded("validation-topic-unknown") },
          { field: "phone", code: "phone-too-short", message: worded("validation-phone-too-short") },
        ]
      : [];
  return { code, message: worded(id, args), fields, detail: `mock: ${code}` };
}
function book(form: Form) {
  // A moment, as a real booking takes one: long enough for a second tap to find the button busy.
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      if (placeGoneLeft > 0) {
        placeGoneLeft--;
        goneDate = String(form.reception_date);
        reject(bookingError("place-gone"));
      } else if (params.get("book-fail") === "ipc") reject(new Error("mock: the IPC channel failed"));
      else if (params.has("book-fail")) reject(bookingError(String(params.get("book-fail"))));
      else resolve({ number: "10000061", booking_id: "0190f0e4-7c3a-7000-8000-000000000001", print_job: 7 });
    }, 400),
  );
}

mockIPC(
  (cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "kiosk_info":
        return { version: "0.0.0", authority: "Biləsuvar Rayon İcra Hakimiyyəti", card_reader: null, printer: null };
      case "sync_status":
        return {
          online: !params.has("offline"),
          last_success: "2026-11-24T08:05:00Z",
          pending: params.has("offline") ? 3 : 0,
          refused: 0,
          auth_problem: params.has("revoked") ? "revoked" : null,
          last_error: null,
        };
      case "print_queue":
        return params.has("paper-out")
          ? {
              printer: "receipt printer, 80 mm (576 dots), TCP 127.0.0.1:9100",
              status: "paper-out",
              status_error: null,
              jobs: [{ id: 7, number: "10000061", state: "failed", reason: "the printer is out of paper; load a new roll and print again", attempts: 1 }],
            }
          : params.has("printer-gone")
            ? {
                printer: "receipt printer, 80 mm (576 dots), TCP 192.168.1.50:9100",
                status: null,
                status_error: "cannot reach the printer at 192.168.1.50:9100: connection refused",
                jobs: [],
              }
            : { printer: "virtual printer", status: null, status_error: null, jobs: [] };
      case "retry_print":
        return null;
      case "notice_status":
        return { job: 61, state: noticeState };
      case "session_status":
        return session;
      case "session_touch":
        if (session.phase === "countdown") report({ ...session, phase: "active", seconds_left: 0 });
        // Rust starts a visitor's session on a touch when nobody is identified.
        else if (session.phase === "none")
          report({ ...session, generation: Number(session.generation) + 1, phase: "visitor", ended: null });
        return null;
      case "session_language":
        // `?lang-ignored`: Rust does not take the language (the UI must not change by itself).
        if (!params.has("lang-ignored")) {
          const lang = (args as { lang: string }).lang;
          if (session.phase === "none")
            report({ ...session, generation: Number(session.generation) + 1, phase: "visitor", ended: null, lang });
          else report({ ...session, lang });
        }
        return null;
      case "session_finish":
        report({ ...NONE, generation: session.generation, ended: "finished" });
        return null;
      case "demo_cards":
        return params.has("demo") ? [{ index: 0, full_name: GOHAR.full_name }] : [];
      case "demo_insert_card":
        // The visitor's language stays with the citizen the card identifies.
        report({
          ...NONE,
          generation: session.phase === "none" ? Number(session.generation) + 1 : session.generation,
          lang: session.lang,
          // The visitor's modes stay with the citizen the card identifies, as the language does.
          access: session.access,
          phase: "active",
          citizen: GOHAR,
        });
        return null;
      case "demo_remove_card":
        report({ ...NONE, generation: session.generation, ended: "card-removed" });
        return null;
      case "confirm_address": {
        const { generation } = args as { generation: number };
        if (generation !== session.generation) throw { code: "session", detail: "another session" };
        const address = String((args as { address: string }).address).trim();
        if (address.length === 0) throw { code: "address-empty", detail: "the address is empty" };
        if ([...address].length > 300) throw { code: "address-too-long", detail: "the address is too long" };
        const citizen = session.citizen as typeof GOHAR;
        report({ ...session, citizen: { ...citizen, address, needs_address: false } });
        return null;
      }
      case "submit_mrz":
        return null;
      case "list_officials": {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw { code: params.get("fail"), detail: "mock failure" };
        }
        // What the Rust command answers for the demo catalog (generated by `cargo xtask bindings`).
        if (params.has("many-officials")) return manyOfficials((args as { lang: keyof typeof officials }).lang);
        return officials[(args as { lang: keyof typeof officials }).lang];
      }
      case "booking_options":
        return bookingOptionsOf((args as { lang: Lang }).lang);
      case "check_form": {
        const { form, generation } = args as { form: Form; generation: number };
        if (generation !== session.generation) throw bookingError("no-citizen");
        return checkForm(form);
      }
      case "book":
        return book((args as { form: Form }).form);
      default: {
        const ctx: MockContext = { params, session: () => session, worded, report };
        for (const area of [historyCommands, applicationCommands, checkinCommands, accessCommands, staffCommands]) {
          const answer = area(cmd, args, ctx);
          if (answer !== undefined) return answer;
        }
        throw new Error(`unexpected command ${cmd}`);
      }
    }
  },
  { shouldMockEvents: true },
);

await import("../src/main");
