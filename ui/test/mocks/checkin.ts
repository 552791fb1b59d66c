// Checking in on the reception day, as Rust answers (crates/app/src/checkin.rs), simply.
// `check_in_card`: no booking today (`{rows: []}`, booking goes on as before) unless
// `?checkin=<outcome>[,<outcome>…]` (one row of each), `?checkin=error` (Rust refuses: the card
// is not the session's); `?checkin-queued` makes a check-in wait for the connection (no place in
// the line). `check_in_barcode`: 15 digits check in (or `?barcode=<outcome>`), anything else is
// refused as Rust refuses it; `?barcode-slow` answers after 400 ms.
import officials from "../officials.json";
import type { MockCommands } from "./context";

type Lang = keyof typeof officials;
type Outcome = "checked-in" | "already-checked-in" | "other-day" | "cancelled" | "unknown" | "unverified";
const OUTCOMES: readonly string[] = ["checked-in", "already-checked-in", "other-day", "cancelled", "unknown", "unverified"];


/** One row of `outcome`, with what Rust fills in for it. */
function row(outcome: Outcome, lang: Lang, params: URLSearchParams) {
  const official = structuredClone(officials[lang].officials.find((o) => o.id === "bilesuvar-1")!);
  const queued = params.has("checkin-queued") && outcome === "checked-in";
  const here = outcome === "checked-in" || outcome === "already-checked-in";
  switch (outcome) {
    case "unknown":
      return { outcome, number: null, official: null, room: null, reception_date: null, place_in_line: null, queued: false };
    case "unverified":
      return { outcome, number: "10000061", official: null, room: null, reception_date: null, place_in_line: null, queued: false };
    default:
      return {
        outcome,
        number: "10000061",
        official,
        // Rust words it from the catalog, as the officials list does.
        room: official.room,
        reception_date: "07.12.2026",
        place_in_line: here && !queued ? 3 : null,
        queued,
      };
  }
}

function outcomes(value: string | null, fallback: Outcome[]): Outcome[] {
  if (value === null) return fallback;
  const named = value.split(",").filter((o) => OUTCOMES.includes(o)) as Outcome[];
  return named.length > 0 ? named : fallback;
}

export const commands: MockCommands = (cmd, args, ctx) => {
  switch (cmd) {
    case "check_in_card": {
      const { generation, lang } = args as { generation: number; lang: Lang };
      if (ctx.params.get("checkin") === "error" || generation !== ctx.session().generation) {
        throw { code: "card-needed", message: ctx.worded("citizen-card-needed"), detail: "mock: not the session's card" };
      }
      return { rows: outcomes(ctx.params.get("checkin"), []).map((o) => row(o, lang, ctx.params)) };
    }
    case "check_in_barcode": {
      const { barcode, lang } = args as { barcode: string; lang: Lang };
      const answer = () => {
        if (!/^[0-9]{15}$/.test(barcode.trim())) {
          throw {
            code: "barcode-unreadable",
            message: ctx.worded("checkin-barcode-unreadable"),
            detail: `mock: ${JSON.stringify(barcode)} is not 15 digits`,
          };
        }
        return { rows: outcomes(ctx.params.get("barcode"), ["checked-in"]).slice(0, 1).map((o) => row(o, lang, ctx.params)) };
      };
      if (!ctx.params.has("barcode-slow")) return answer();
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          try {
            resolve(answer());
          } catch (e) {
            reject(e);
          }
        }, 400),
      );
    }
    default:
      return undefined;
  }
};
