// The history command as Rust answers it, simply: the fixture's history (applications.json, the
// real command's answer) in the language asked, searched the way qebul-core searches it, only
// more crudely. `?history-offline`: the server could not be asked (this kiosk's applications,
// one of them not sent yet); `?history-empty`: no applications at all; `?history-many`: twelve,
// every status among them, for the pages; `?history-failed`: the store fails. No citizen (or
// another session's generation): `card-needed`, as Rust refuses it.
import applications from "../applications.json";
import type { MockCommands } from "./context";

type Lang = keyof typeof applications;
type History = (typeof applications)[Lang]["history"];
type Row = History["applications"][number];
interface Query {
  date: string;
  official: string;
  status: "active" | "closed" | "cancelled" | null;
}

/** Month names the mock reads, in the three languages (nominative and genitive), 1-based. */
const MONTHS: readonly (readonly string[])[] = [
  ["yanvar", "январь", "января", "january"],
  ["fevral", "февраль", "февраля", "february"],
  ["mart", "март", "марта", "march"],
  ["aprel", "апрель", "апреля", "april"],
  ["may", "май", "мая"],
  ["iyun", "июнь", "июня", "june"],
  ["iyul", "июль", "июля", "july"],
  ["avqust", "август", "августа", "august"],
  ["sentyabr", "сентябрь", "сентября", "september"],
  ["oktyabr", "октябрь", "октября", "october"],
  ["noyabr", "ноябрь", "ноября", "november"],
  ["dekabr", "декабрь", "декабря", "december"],
];
/** How Rust writes a month out: alone (`aprel 2015`) and after a day (`3 aprel 2015`). */
const WRITTEN: Record<Lang, { alone: readonly string[]; day: readonly string[] }> = {
  az: {
    alone: ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"],
    day: ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"],
  },
  ru: {
    alone: ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
    day: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
  },
  en: {
    alone: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    day: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  },
};

/** A date as searched: the day and month may be missing (a month, a year). */
interface Searched {
  day: number | null;
  month: number | null;
  year: number;
}

function monthOf(word: string): number | null {
  const i = MONTHS.findIndex((names) => names.includes(word.toLocaleLowerCase("az")));
  return i < 0 ? null : i + 1;
}

/** The date typed, or null when the mock cannot read it (Rust refuses it then). */
function readDate(input: string): Searched | null {
  const text = input.trim();
  let m = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$/.exec(text);
  if (m) return { day: Number(m[1]), month: Number(m[2]), year: Number(m[3]) };
  m = /^(\d{1,2}) (\p{L}+) (\d{4})$/u.exec(text);
  if (m && monthOf(m[2])) return { day: Number(m[1]), month: monthOf(m[2]), year: Number(m[3]) };
  m = /^(\p{L}+) (\d{4})$/u.exec(text);
  if (m && monthOf(m[1])) return { day: null, month: monthOf(m[1]), year: Number(m[2]) };
  m = /^(\d{4})$/.exec(text);
  if (m) return { day: null, month: null, year: Number(m[1]) };
  return null;
}

function written(d: Searched, lang: Lang): string {
  if (d.month === null) return String(d.year);
  if (d.day === null) return `${WRITTEN[lang].alone[d.month - 1]} ${d.year}`;
  return `${d.day} ${WRITTEN[lang].day[d.month - 1]} ${d.year}`;
}

function matchesDate(row: Row, d: Searched): boolean {
  const [day, month, year] = row.reception_date.split(".").map(Number);
  return year === d.year && (d.month === null || month === d.month) && (d.day === null || day === d.day);
}

const ACTIVE = ["booked", "in-review", "cancelling"];

function matchesStatus(row: Row, status: Query["status"]): boolean {
  if (status === null) return true;
  if (status === "active") return ACTIVE.includes(row.status);
  return row.status === status;
}

/** Twelve applications, newest first, every status and both tags among them. */
function many(rows: readonly Row[]): Row[] {
  const statuses = ["booked", "in-review", "cancelling", "closed", "closed", "cancelled"] as const;
  return Array.from({ length: 12 }, (_, i) => {
    const base = rows[i % rows.length];
    const day = 28 - i * 2;
    const stamp = `${String(day).padStart(2, "0")}.11.2026`;
    return {
      ...structuredClone(base),
      booking_id: `0190f0e4-7c3a-7000-8000-0000000001${String(i).padStart(2, "0")}`,
      number: String(10000120 - i * 5),
      applied_at: `${String(day - 3).padStart(2, "0")}.11.2026 1${i % 10}:0${i % 6}`,
      reception_date: stamp,
      status: statuses[i % statuses.length],
      not_sent: i === 0,
      checked_in: i === 3,
    };
  });
}

function historyOf(params: URLSearchParams, lang: Lang): History {
  const history = structuredClone(applications[lang].history);
  if (params.has("history-empty")) return { ...history, total: 0, applications: [] };
  if (params.has("history-many")) history.applications = many(history.applications);
  if (params.has("history-offline")) {
    history.source = "this-kiosk";
    history.applications[0].not_sent = true;
  }
  return { ...history, total: history.applications.length };
}

export const commands: MockCommands = (cmd, args, ctx) => {
  if (cmd !== "history") return undefined;
  const { generation, query, lang } = args as { generation: number; query: Query; lang: Lang };
  const session = ctx.session();
  if (session.citizen === null || session.citizen === undefined || generation !== session.generation)
    throw { code: "card-needed", message: ctx.worded("citizen-card-needed"), detail: "mock: no card in the reader" };
  if (ctx.params.has("history-failed"))
    throw { code: "failed", message: ctx.worded("citizen-failed"), detail: "mock: the store failed" };
  const history = historyOf(ctx.params, lang);
  let rows = history.applications;
  let dateSearched: string | null = null;
  if (query.date.trim() !== "") {
    const date = readDate(query.date);
    if (!date) throw { code: "search", message: ctx.worded("search-not-a-date", { input: query.date.trim() }), detail: "mock: not a date" };
    rows = rows.filter((r) => matchesDate(r, date));
    dateSearched = written(date, lang);
  }
  const official = query.official.trim().toLocaleLowerCase("az");
  if (official !== "")
    rows = rows.filter((r) => `${r.official_name} ${r.official_position}`.toLocaleLowerCase("az").includes(official));
  rows = rows.filter((r) => matchesStatus(r, query.status ?? null));
  return { ...history, applications: rows, date_searched: dateSearched };
};
