// The sent screen in speech mode: once the notice is printed (or could not be), what it says is
// spoken too — the number, the official, the reception day and hours, and the room — since a
// citizen who cannot see cannot read the paper. Rust answers the facts (the application as the
// history has it, and the official's hours from the catalog); nothing is kept after the screen.
import { commands, type UiLang } from "../ipc";
import type { Translate } from "../messages";
import { sentences } from "./describe";

/** What a notice says, as Rust words it in the session's language. */
export interface NoticeFacts {
  number: string;
  /** The official's position and name. */
  official: string;
  /** `dd.mm.yyyy`. */
  date: string;
  /** The official's reception hours ("10:00-dan", "from 10:00"), when known. */
  hours: string | null;
  room: string | null;
}

/** The notice's content as one utterance. */
export function noticeSpeech(facts: NoticeFacts, t: Translate): string {
  const when = facts.hours ? `${facts.date}, ${facts.hours}` : facts.date;
  const room = facts.room;
  return sentences([
    t("speech-notice", { number: facts.number, official: facts.official, when }),
    room ? t("speech-notice-room", { room }) : null,
  ]);
}

/** Asks Rust what the notice of `bookingId` says; null when it cannot be told (never throws). */
export async function noticeFacts(generation: number, bookingId: string, number: string, lang: UiLang): Promise<NoticeFacts | null> {
  try {
    const r = await commands.application(generation, bookingId, lang);
    if (r.status !== "ok") return null;
    const { row, room } = r.data;
    let hours: string | null = null;
    try {
      const list = await commands.listOfficials(lang);
      if (list.status === "ok") hours = list.data.officials.find((o) => o.id === row.official_id)?.reception_hours ?? null;
    } catch {
      // The hours are left out.
    }
    return {
      number: row.number || number,
      official: [row.official_position, row.official_name].filter((s) => s).join(", "),
      date: row.reception_date,
      hours,
      room: room ?? null,
    };
  } catch {
    return null;
  }
}
