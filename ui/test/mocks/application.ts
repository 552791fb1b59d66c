// The application screen's commands (seed Şəkil 9), as Rust answers them (simply): the fixture's
// `application` in the language asked, for any booking id, with what the citizen did on this
// page kept here (a page load starts afresh). Refusals are worded from the .ftl files, as Rust
// words them.
//
// The query changes the answers:
// - `?comment-offline`: a comment stays queued (its timeline row `not_sent`);
// - `?cancel-offline`: a cancellation stays queued (status `cancelling`);
// - `?cancel-refused`: the server refuses the cancellation (`not-cancellable`);
//   `?cancel-fail=<code>`: it fails with `mismatch`, `not-found` or `failed`;
// - `?elsewhere`: made at another kiosk (`can_print: false`); `?print-busy`: already printing;
// - `?app-fail=<code>`: `application` fails (`not-found`, `card-needed`, `failed`; `ipc`: the
//   call itself); without a citizen in the session it fails with `card-needed`, as Rust does;
// - `?app-slow`: `application` answers after 1.5 s (the loading state);
// - `?app-status=<status>`: the application has that status (closed and cancelled ones cannot
//   be cancelled);
// - `?app-all-kinds`: the timeline has one entry of every kind, a comment of the authority's, one
//   not sent yet and one the server refused;
// - `?app-empty`: no room, no birth date, privilege, e-mail or note (shown as "—");
// - `?no-comment`: comments are closed (`can_comment: false`).
import fixture from "../applications.json";
import type { ApplicationStatusView, ApplicationView_Serialize, TimelineRow_Serialize } from "../../src/lib/ipc";
import type { MockCommands, MockContext } from "./context";

type Lang = keyof typeof fixture;
type View = ApplicationView_Serialize;
type Row = TimelineRow_Serialize;

/** What the citizen did here: timeline rows added, and the status a cancellation left. */
const added: Row[] = [];
let cancelledAs: ApplicationStatusView | null = null;

const CITIZEN_ERROR: Record<string, string> = {
  "card-needed": "citizen-card-needed",
  "not-found": "citizen-not-found",
  mismatch: "citizen-mismatch",
  "not-cancellable": "citizen-not-cancellable",
  "already-printing": "citizen-already-printing",
  "print-elsewhere": "citizen-print-elsewhere",
  failed: "citizen-failed",
};

function refusal(ctx: MockContext, code: string, id = CITIZEN_ERROR[code], args?: Record<string, string | number>) {
  return { code, message: ctx.worded(id, args), detail: `mock: ${code}` };
}

/** Now, as Rust writes a timeline's time: `dd.mm.yyyy HH:MM`, Baku time. */
function bakuMinute(): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Baku",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

function row(kind: Row["kind"], more: Partial<Row> = {}): Row {
  return { at: "05.12.2026 09:00", kind, status: null, text: null, by_citizen: false, not_sent: false, refused: false, ...more };
}

/** One entry of every kind the fixture lacks, and the states a row can be in. */
const ALL_KINDS: Record<Lang, Row[]> = {
  az: [
    row("status-changed", { at: "05.12.2026 09:00", status: "in-review" }),
    row("comment", { at: "05.12.2026 09:30", text: "Sənədlər qəbul edildi." }),
    row("arrived", { at: "07.12.2026 09:55" }),
    row("comment", { at: "07.12.2026 10:40", text: "Təşəkkür edirəm.", by_citizen: true, not_sent: true }),
    row("cancelled", { at: "07.12.2026 10:45", refused: true }),
  ],
  ru: [
    row("status-changed", { at: "05.12.2026 09:00", status: "in-review" }),
    row("comment", { at: "05.12.2026 09:30", text: "Документы приняты." }),
    row("arrived", { at: "07.12.2026 09:55" }),
    row("comment", { at: "07.12.2026 10:40", text: "Спасибо.", by_citizen: true, not_sent: true }),
    row("cancelled", { at: "07.12.2026 10:45", refused: true }),
  ],
  en: [
    row("status-changed", { at: "05.12.2026 09:00", status: "in-review" }),
    row("comment", { at: "05.12.2026 09:30", text: "The documents were received." }),
    row("arrived", { at: "07.12.2026 09:55" }),
    row("comment", { at: "07.12.2026 10:40", text: "Thank you.", by_citizen: true, not_sent: true }),
    row("cancelled", { at: "07.12.2026 10:45", refused: true }),
  ],
};

/** The application as Rust would answer it now, in `lang`, for `bookingId`. */
function viewOf(ctx: MockContext, lang: Lang, bookingId: string): View {
  const { params } = ctx;
  const view = structuredClone(fixture[lang].application) as unknown as View;
  view.row.booking_id = bookingId;
  if (params.has("elsewhere")) view.can_print = false;
  if (params.has("no-comment")) view.can_comment = false;
  const status = params.get("app-status") as ApplicationStatusView | null;
  if (status) {
    view.row.status = status;
    view.can_cancel = status === "booked" || status === "in-review";
  }
  if (params.has("app-empty")) Object.assign(view, { room: null, birth_date: null, privilege: "", email: "", note: "" });
  if (params.has("app-all-kinds")) view.timeline.push(...structuredClone(ALL_KINDS[lang]));
  view.timeline.push(...structuredClone(added));
  if (cancelledAs) {
    view.row.status = cancelledAs;
    view.can_cancel = false;
  }
  return view;
}

/** Rust's checks before any of these commands: the card's session. */
function checkSession(ctx: MockContext, generation: unknown) {
  const session = ctx.session();
  if (!session.citizen || generation !== session.generation) throw refusal(ctx, "card-needed");
}

/** A moment, as the real commands take one: long enough for a second tap to find a button busy. */
function later<T>(ms: number, answer: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(answer());
      } catch (e) {
        reject(e);
      }
    }, ms),
  );
}

type Args = { generation?: number; bookingId: string; lang: Lang; text?: string };

export const commands: MockCommands = (cmd, raw, ctx) => {
  const args = raw as Args;
  const { params } = ctx;
  switch (cmd) {
    case "application":
      return later(params.has("app-slow") ? 1500 : 30, () => {
        const fail = params.get("app-fail");
        if (fail === "ipc") throw new Error("mock: the IPC channel failed");
        if (fail) throw refusal(ctx, fail);
        checkSession(ctx, args.generation);
        return viewOf(ctx, args.lang, args.bookingId);
      });
    case "comment_application":
      return later(400, () => {
        const text = String(args.text ?? "").trim();
        const found = [...new Intl.Segmenter("az", { granularity: "grapheme" }).segment(text)].length;
        if (found === 0) throw refusal(ctx, "comment-invalid", "validation-comment-missing");
        if (found > 1000) throw refusal(ctx, "comment-invalid", "validation-comment-too-long", { max: 1000, found });
        checkSession(ctx, args.generation);
        added.push(row("comment", { at: bakuMinute(), text, by_citizen: true, not_sent: params.has("comment-offline") }));
        return viewOf(ctx, args.lang, args.bookingId);
      });
    case "cancel_application":
      return later(400, () => {
        checkSession(ctx, args.generation);
        if (params.has("cancel-refused") || !viewOf(ctx, args.lang, args.bookingId).can_cancel)
          throw refusal(ctx, "not-cancellable");
        const fail = params.get("cancel-fail");
        if (fail) throw refusal(ctx, fail);
        const offline = params.has("cancel-offline");
        cancelledAs = offline ? "cancelling" : "cancelled";
        added.push(row("cancelled", { at: bakuMinute(), status: offline ? null : "cancelled", not_sent: offline }));
        return viewOf(ctx, args.lang, args.bookingId);
      });
    case "print_application":
      return later(200, () => {
        checkSession(ctx, args.generation);
        if (params.has("elsewhere")) throw refusal(ctx, "print-elsewhere");
        if (params.has("print-busy")) throw refusal(ctx, "already-printing");
        return { job: 7, state: "queued" };
      });
    default:
      return undefined;
  }
};
