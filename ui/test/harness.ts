// Boots the real UI with Tauri's IPC mocked (mockIPC), for the browser tests. Served by Vite's
// dev server only; `vite build` never includes it. `?fail=<code>` makes the first list fail;
// `?screen=<name>` opens a screen directly (main.ts reads it). kiosk_info and the event plumbing
// are mocked by hand; the officials list is the Rust side's. The session behaves as Rust's does:
// a touch starts a visitor's session, the language is the session's, an end goes back to
// Azerbaijani; `window.__report(state)` sends the UI any SessionChanged a test needs, and
// `window.__emit(event, payload)` any other event.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import officials from "./officials.json";

const params = new URLSearchParams(location.search);
let failuresLeft = params.has("fail") ? 1 : 0;
const calls: Array<{ cmd: string; args: unknown }> = [];
(window as unknown as { __ipcCalls: typeof calls }).__ipcCalls = calls;

const NONE = { generation: 0, phase: "none", seconds_left: 0, lang: "az", citizen: null, ended: null, notice: null, reader_problem: null };
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
function report(next: Record<string, unknown>) {
  session = next;
  setTimeout(() => void emit("session-changed", next), 0);
}
Object.assign(window, { __report: report, __none: NONE, __gohar: GOHAR, __emit: emit });

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
        return officials[(args as { lang: keyof typeof officials }).lang];
      }
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  },
  { shouldMockEvents: true },
);

await import("../src/main");
