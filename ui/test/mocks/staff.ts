// The staff screen's commands (issue 17), as Rust answers them (crates/app/src/staff/), simply:
// the PIN is the demo's `2468` for "Demo"; five wrong ones lock for 60 s (`?staff-locked` starts
// locked); a right one opens the staff screen and ends the citizen's session; every staff command
// is refused with `staff-closed` unless open (`?staff` starts open). Notices, the day list, the
// unsent work, the printer (out of paper, one failed notice) and the kiosk are made-up data in
// the shapes of /tmp/h/staff-api.md. `staff-changed` and `print-queue-changed` are emitted as
// Rust publishes them.
import { emit } from "@tauri-apps/api/event";
import type { MockCommands } from "./context";
import type {
  DayChoice,
  DayListView,
  KioskCareView,
  PrintJobView,
  RefusedItem,
  SealCheckView,
  StaffNoticeRow,
  StaffView,
  UnsentView,
} from "../../src/lib/ipc";

const PIN = "2468";
const WHO = "Demo";
/** A 64×32 PNG (a chequerboard), as `staff_notice_preview` answers. */
export const PREVIEW_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAAAgCAAAAACH9iFYAAAAKklEQVR4nGNggIL/UEAuf9SAoW3AEHb6qAFUNGDwuGTUgNHyYNSAATYAALrw/C5Y+qsGAAAAAElFTkSuQmCC";
/** The QR text of a notice this authority issued; one character changed, it is forged. */
export const GENUINE_SEAL = "QK1.bilesuvar-kiosk-1.10000061.20261207.c2lnbmF0dXJlLW9mLXRoZS1raW9zaw";

export const NOTICES: StaffNoticeRow[] = [
  { booking: "0190f0e4-7c3a-7000-8000-000000000061", number: "10000061", citizen: "Abdullayeva G.", official: "HÜSEYNOV ELÇİN MƏMMƏD OĞLU", date: "07.12.2026", times_printed: 1, status: "booked" },
  { booking: "0190f0e4-7c3a-7000-8000-000000000062", number: "10000062", citizen: "Əliyev Ə.", official: "QULİYEVA SEVİNC ARİF QIZI", date: "07.12.2026", times_printed: 2, status: "in-review" },
  { booking: "0190f0e4-7c3a-7000-8000-000000000070", number: "10000070", citizen: "Əliyeva N.", official: "HÜSEYNOV ELÇİN MƏMMƏD OĞLU", date: "08.12.2026", times_printed: 1, status: "booked" },
];

const DAYS: Record<DayChoice, DayListView> = {
  today: {
    date: "07.12.2026",
    officials: [
      {
        official: "HÜSEYNOV ELÇİN MƏMMƏD OĞLU",
        room: "Otaq 12",
        bookings: [
          { number: "10000061", citizen: "Abdullayeva G.", checked_in: true, cancelled: false },
          { number: "10000063", citizen: "Məmmədov R.", checked_in: false, cancelled: true },
        ],
      },
      { official: "QULİYEVA SEVİNC ARİF QIZI", room: null, bookings: [{ number: "10000062", citizen: "Əliyev Ə.", checked_in: false, cancelled: false }] },
    ],
  },
  tomorrow: {
    date: "08.12.2026",
    officials: [
      { official: "HÜSEYNOV ELÇİN MƏMMƏD OĞLU", room: "Otaq 12", bookings: [{ number: "10000070", citizen: "Əliyeva N.", checked_in: false, cancelled: false }] },
    ],
  },
};

const SYNC = { online: false, last_success: "2026-12-07T05:00:00Z", pending: 2, refused: 1, auth_problem: null, last_error: "connection refused" };
const KIOSK: KioskCareView = {
  kiosk_id: "bilesuvar-kiosk-1",
  server: "https://qebul.bilesuvar.gov.az",
  enrolled: true,
  catalog_version: 14,
  catalog_signature_ok: true,
  leases: [
    { official: "HÜSEYNOV ELÇİN MƏMMƏD OĞLU", date: "07.12.2026", places: 10, used: 4, until: "07.12.2026 18:00" },
    { official: "QULİYEVA SEVİNC ARİF QIZI", date: "08.12.2026", places: 6, used: 1, until: "08.12.2026 18:00" },
  ],
  numbers_left: 939,
  disk_free_bytes: String(21_474_836_480),
  database_bytes: String(5_767_168),
  version: "0.1.0",
};


/** The mock's state: one page load's. */
let started = false;
let pin = PIN;
let view: StaffView = { phase: "closed", who: null, attempts_left: 5, locked_seconds: 0, idle_seconds: 120 };
let refused: RefusedItem[] = [
  { id: "idem-0190f0e4-0061-comment", kind: "comment", number: "10000061", refused_at: "07.12.2026 10:10", reason: "the application is closed: comments are not accepted" },
];
let printer: { status: "ready" | "paper-out"; jobs: PrintJobView[] } = {
  status: "paper-out",
  jobs: [{ id: 7, number: "10000062", state: "failed", reason: "the printer is out of paper; load a new roll and print again", attempts: 1 }],
};

function start(params: URLSearchParams) {
  if (started) return;
  started = true;
  if (params.has("staff")) view = { ...view, phase: "open", who: WHO };
  if (params.has("staff-locked")) view = { ...view, phase: "locked-out", attempts_left: 0, locked_seconds: 60 };
}

function publish(next: StaffView) {
  view = next;
  setTimeout(() => void emit("staff-changed", next), 0);
}

/** A seal's check, as the IPC type has it. */
const seal = (check: SealCheckView) => check;

function queue() {
  return { printer: "receipt printer, 80 mm (576 dots), TCP 127.0.0.1:9100", status: printer.status, status_error: null, jobs: printer.jobs };
}

const refuse = (code: string, detail: string) => {
  throw { code, detail: `mock: ${detail}` };
};

/** The notices a query finds: a wedge scan's 15 digits, a number, a name, a date. */
function find(query: string) {
  const q = query.trim().toLocaleLowerCase("az");
  const digits = q.replace(/\D/g, "");
  // The barcode's middle seven digits are the number's last seven (its block's lead digit aside).
  if (/^\d{15}$/.test(digits)) return NOTICES.filter((n) => n.number.endsWith(digits.slice(4, 11)));
  if (/^\d+$/.test(q)) return NOTICES.filter((n) => n.number === q || n.number.endsWith(q.padStart(7, "0")));
  const dmy = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(q);
  if (dmy) return NOTICES.filter((n) => n.date === `${dmy[1]}.${dmy[2]}.${dmy[3]}`);
  return NOTICES.filter((n) => n.citizen.toLocaleLowerCase("az").includes(q));
}

export const commands: MockCommands = (cmd, args, ctx) => {
  if (!cmd.startsWith("staff_")) return undefined;
  start(ctx.params);
  const a = (args ?? {}) as Record<string, unknown>;
  switch (cmd) {
    case "staff_status":
      return view;
    case "staff_open": {
      if (view.phase === "locked-out") refuse("staff-locked-out", String(view.locked_seconds));
      if (a.pin !== pin) {
        const left = view.attempts_left - 1;
        if (left <= 0) {
          publish({ ...view, attempts_left: 0, phase: "locked-out", locked_seconds: 60 });
          refuse("staff-locked-out", "60");
        }
        publish({ ...view, attempts_left: left });
        refuse("staff-pin-wrong", "wrong PIN");
      }
      // Opening ends the citizen's session, as "finish" does.
      ctx.report({ ...(ctx.session() as object), phase: "none", citizen: null, ended: "finished" });
      publish({ ...view, phase: "open", who: WHO, attempts_left: 5 });
      return view;
    }
    default:
      break;
  }
  if (view.phase !== "open") refuse("staff-closed", "the staff screen is closed");
  switch (cmd) {
    case "staff_touch":
      return null;
    case "staff_close":
      publish({ ...view, phase: "closed", who: null });
      return null;
    case "staff_change_pin":
      if (a.oldPin !== pin) refuse("staff-pin-wrong", "old PIN");
      if (!/^\d{4,8}$/.test(String(a.newPin))) refuse("staff-pin-invalid", "4 to 8 digits");
      pin = String(a.newPin);
      return null;
    case "staff_find_notices":
      return find(String(a.query)).map((n) => ({ ...n }));
    case "staff_reprint": {
      const notice = NOTICES.find((n) => n.booking === a.booking);
      if (!notice) refuse("staff-not-found", "no such booking");
      return 71;
    }
    case "staff_verify_seal": {
      const text = String(a.text).trim();
      const none = { kiosk: null, number: null, official: null, date: null, issued_at: null };
      if (text === GENUINE_SEAL)
        return seal({ verdict: "genuine", kiosk: "bilesuvar-kiosk-1", number: "10000061", official: NOTICES[0].official, date: "07.12.2026", issued_at: "03.12.2026 09:12", reason: null });
      if (text.startsWith("QK1."))
        return seal({ ...none, verdict: "forged", reason: "the seal's signature does not verify under this authority's key" });
      return seal({ ...none, verdict: "unreadable", reason: "not a notice's seal (no QK1. prefix)" });
    }
    case "staff_day_list":
      return DAYS[a.day as DayChoice];
    case "staff_unsent": {
      const unsent: UnsentView = {
        items: [
          { kind: "booking", number: "10000064", since: "07.12.2026 09:30", attempts: 3, last_error: "connection refused" },
          { kind: "cancellation", number: "10000063", since: "07.12.2026 10:00", attempts: 1, last_error: null },
        ],
        refused,
        sync: { ...SYNC, refused: refused.length },
      };
      return unsent;
    }
    case "staff_sync_now":
      return null;
    case "staff_resolve_refused": {
      const note = String(a.note).trim();
      if (note.length === 0 || note.length > 500) refuse("staff-note-invalid", "1 to 500 characters");
      if (!refused.some((r) => r.id === a.id)) refuse("staff-not-found", "no such refused item");
      refused = refused.filter((r) => r.id !== a.id);
      return null;
    }
    case "staff_printer":
      return { queue: queue(), paper_low: false };
    case "staff_retry": {
      if (!printer.jobs.some((j) => j.id === a.job)) refuse("staff-not-found", "no such job");
      // The paper is back: the notice prints and leaves the queue.
      printer = { status: "ready", jobs: printer.jobs.filter((j) => j.id !== a.job) };
      setTimeout(() => void emit("print-queue-changed", queue()), 0);
      return null;
    }
    case "staff_test_page":
      if (printer.status !== "ready") refuse("print-queue", "the printer is out of paper");
      return null;
    case "staff_notice_preview":
      if (!NOTICES.some((n) => n.booking === a.booking)) refuse("staff-not-found", "no such booking");
      return PREVIEW_PNG;
    case "staff_kiosk":
      return KIOSK;
    default:
      return undefined;
  }
};
