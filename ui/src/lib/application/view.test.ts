import { describe, expect, it } from "vitest";
import type { ApplicationView, TimelineRow } from "../ipc";
import { LANGS } from "../i18n";
import { translate } from "../messages";
import { EMPTY, FIELDS, STATUS_MESSAGE, eventText, lastOwnComment, officialOf, shown } from "./view";

const row = (kind: TimelineRow["kind"], more: Partial<TimelineRow> = {}): TimelineRow => ({
  at: "03.12.2026 10:12",
  kind,
  status: null,
  text: null,
  by_citizen: false,
  not_sent: false,
  refused: false,
  ...more,
});

describe("the application screen's words", () => {
  it("words every status and every timeline entry in every language, never as its id", () => {
    for (const lang of LANGS) {
      const t = translate(lang);
      for (const id of Object.values(STATUS_MESSAGE)) expect(t(id), `${lang}: ${id}`).not.toBe(id);
      for (const { label } of FIELDS) expect(t(label), `${lang}: ${label}`).not.toBe(label);
      const kinds: TimelineRow["kind"][] = ["applied", "printed", "status-changed", "reply", "comment", "cancelled", "arrived"];
      const texts = kinds.map((k) => eventText(row(k, { status: "in-review" }), t));
      expect(new Set(texts).size, `${lang}: one text per kind`).toBe(kinds.length);
      for (const text of texts) expect(text, lang).not.toMatch(/^application-/);
    }
  });

  it("names the new status of a status change, and whose a comment is", () => {
    const t = translate("en");
    expect(eventText(row("status-changed", { status: "closed" }), t)).toBe("Status changed: Closed");
    expect(eventText(row("comment", { by_citizen: true }), t)).toBe("Your comment");
    expect(eventText(row("comment"), t)).toBe("Comment");
    expect(eventText(row("arrived"), t)).toBe("You checked in");
  });

  it("shows a dash for an empty value", () => {
    expect(shown("")).toBe(EMPTY);
    expect(shown("   ")).toBe(EMPTY);
    expect(shown(null)).toBe(EMPTY);
    expect(shown(undefined)).toBe(EMPTY);
    expect(shown("Sahibkar")).toBe("Sahibkar");
  });

  it("names the official by position and name", () => {
    const r = { official_position: "İcra başçısı", official_name: "QULİYEV MAHİR HACI OĞLU" } as ApplicationView["row"];
    expect(officialOf(r)).toBe("İcra başçısı QULİYEV MAHİR HACI OĞLU");
    expect(officialOf({ ...r, official_position: "" })).toBe("QULİYEV MAHİR HACI OĞLU");
  });

  it("finds the citizen's newest comment, not the authority's", () => {
    const view = {
      timeline: [
        row("comment", { by_citizen: true, text: "first" }),
        row("comment", { by_citizen: true, text: "second", not_sent: true }),
        row("comment", { text: "the authority's" }),
        row("printed"),
      ],
    } as ApplicationView;
    expect(lastOwnComment(view)?.text).toBe("second");
    expect(lastOwnComment({ timeline: [row("applied")] } as ApplicationView)).toBeUndefined();
  });
});
