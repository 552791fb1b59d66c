import { describe, expect, it } from "vitest";
import type { ApplicationRow } from "../ipc";
import { LANGS, translator } from "../i18n";
import { PAGE_SIZE, STATE_MESSAGE, STATUS_CHOICES, clampPage, everything, pageCount, pageOf, searches } from "./view";

const row = (n: number): ApplicationRow => ({
  booking_id: `b-${n}`,
  number: String(10000000 + n),
  official_id: "bilesuvar-1",
  official_position: "İcra başçısı",
  official_name: "QULİYEV MAHİR HACI OĞLU",
  applied_at: "03.12.2026 10:12",
  reception_date: "07.12.2026",
  status: "booked",
  not_sent: false,
  checked_in: false,
});

describe("history pages", () => {
  it("five to a page, at least one page", () => {
    expect(PAGE_SIZE).toBe(5);
    expect(pageCount(0)).toBe(1);
    expect(pageCount(5)).toBe(1);
    expect(pageCount(6)).toBe(2);
    expect(pageCount(12)).toBe(3);
  });

  it("keeps a page within the list, as a search or a shorter list shrinks it", () => {
    expect(clampPage(2, 12)).toBe(2);
    expect(clampPage(3, 12)).toBe(2);
    expect(clampPage(2, 3)).toBe(0);
    expect(clampPage(-1, 12)).toBe(0);
    expect(clampPage(Number.NaN, 12)).toBe(0);
  });

  it("slices the list in Rust's order", () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(i));
    expect(pageOf(rows, 0).map((r) => r.booking_id)).toEqual(["b-0", "b-1", "b-2", "b-3", "b-4"]);
    expect(pageOf(rows, 2).map((r) => r.booking_id)).toEqual(["b-10", "b-11"]);
    expect(pageOf(rows, 9).map((r) => r.booking_id)).toEqual(["b-10", "b-11"]);
    expect(pageOf([], 0)).toEqual([]);
  });
});

describe("history search", () => {
  it("tells a search from asking for everything", () => {
    expect(searches(everything())).toBe(false);
    expect(searches({ date: "  ", official: "", status: null })).toBe(false);
    expect(searches({ date: "", official: "", status: "closed" })).toBe(true);
    expect(searches({ date: "aprel 2015", official: "", status: null })).toBe(true);
    expect(searches({ date: "", official: "quliyev", status: null })).toBe(true);
  });

  it("offers all, active, closed and cancelled, each in words", () => {
    expect(STATUS_CHOICES.map((c) => c.filter)).toEqual([null, "active", "closed", "cancelled"]);
    for (const lang of LANGS) {
      const t = translator(lang);
      for (const c of STATUS_CHOICES) expect(t(c.label), `${lang}: ${c.label}`).not.toBe(c.label);
      const words = Object.values(STATE_MESSAGE).map((id) => t(id));
      for (const [i, id] of Object.values(STATE_MESSAGE).entries()) expect(words[i], `${lang}: ${id}`).not.toBe(id);
      expect(new Set(words).size, `${lang}: every status reads differently`).toBe(words.length);
    }
  });
});
