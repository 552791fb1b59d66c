import { describe, expect, it } from "vitest";
import { AZ, EMAIL, EN, LAYOUTS, PHONE, RU, typed, type Key, type Layout } from "./layouts";
import { formatPhone, phoneBackspace, phoneDigits, phoneInsert, phoneMove, PHONE_PREFIX } from "./phone";

/** The letters of a row, in order, as the specification writes them. */
const letters = (row: readonly Key[]) =>
  row.flatMap((k) => (k.kind === "char" && /\p{L}/u.test(k.char) ? [k.char] : [])).join(" ");
const charKey = (layout: Layout, char: string) => {
  const key = layout.rows.flat().find((k) => k.kind === "char" && k.char === char);
  if (!key || key.kind !== "char") throw new Error(`${layout.id} has no ${char}`);
  return key;
};
const kinds = (layout: Layout) => layout.rows.flat().map((k) => k.kind);

describe("layouts", () => {
  it("Azerbaijani is AZS 495-2010 as xkb az has it, with digits, space, backspace, shift and arrows", () => {
    expect(AZ.rows[0].flatMap((k) => (k.kind === "char" ? [k.char] : [])).slice(0, 10).join("")).toBe("1234567890");
    expect(letters(AZ.rows[1])).toBe("q ü e r t y u i o p ö ğ");
    expect(letters(AZ.rows[2])).toBe("a s d f g h j k l ı ə");
    expect(letters(AZ.rows[3])).toBe("z x c v b n m ç ş");
    expect(AZ.rows.flat().some((k) => k.kind === "char" && k.char === "w"), "the alphabet has no W").toBe(false);
    for (const kind of ["space", "backspace", "shift", "left", "right"] as const) expect(kinds(AZ)).toContain(kind);
  });

  it("Russian is ЙЦУКЕН and English QWERTY", () => {
    expect(letters(RU.rows[1])).toBe("й ц у к е н г ш щ з х ъ");
    expect(letters(RU.rows[2])).toBe("ф ы в а п р о л д ж э");
    expect(letters(RU.rows[3])).toBe("я ч с м и т ь б ю ё");
    expect(letters(EN.rows[1])).toBe("q w e r t y u i o p");
    expect(letters(EN.rows[2])).toBe("a s d f g h j k l");
    expect(letters(EN.rows[3])).toBe("z x c v b n m");
  });

  it("every key id is unique within its layout", () => {
    for (const layout of Object.values(LAYOUTS)) {
      const ids = layout.rows.flat().map((k) => k.id);
      expect(new Set(ids).size, layout.id).toBe(ids.length);
    }
  });

  it("shifts Turkic on the Azerbaijani layout: i → İ, ı → I, ə → Ə", () => {
    expect(typed(charKey(AZ, "i"), AZ, true)).toBe("İ");
    expect(typed(charKey(AZ, "ı"), AZ, true)).toBe("I");
    expect(typed(charKey(AZ, "ə"), AZ, true)).toBe("Ə");
    expect(typed(charKey(AZ, "ş"), AZ, true)).toBe("Ş");
    expect(typed(charKey(AZ, "i"), AZ, false)).toBe("i");
    // The English layout's i is the English one.
    expect(typed(charKey(EN, "i"), EN, true)).toBe("I");
    expect(typed(charKey(RU, "ё"), RU, true)).toBe("Ё");
  });

  it("e-mail has W, the address's symbols and keys that type whole domains", () => {
    expect(letters(EMAIL.rows[1])).toBe("q w e r t y u i o p");
    for (const c of ["@", ".", "-", "_"]) expect(charKey(EMAIL, c).char).toBe(c);
    const domains = EMAIL.rows.flat().flatMap((k) => (k.kind === "text" ? [k.text] : []));
    expect(domains).toEqual(["mail.ru", "gmail.com", "box.az", ".az"]);
    expect(kinds(EMAIL)).not.toContain("shift");
  });

  it("phone is a digit keypad with backspace", () => {
    const digits = PHONE.rows.flat().flatMap((k) => (k.kind === "char" ? [k.char] : []));
    expect(digits.sort().join("")).toBe("0123456789");
    expect(kinds(PHONE)).toContain("backspace");
  });
});

describe("phone field", () => {
  it("starts with +994 and groups the digits as +994 50 123 45 67", () => {
    expect(formatPhone("")).toBe("+994 ");
    expect(formatPhone("5")).toBe("+994 5");
    expect(formatPhone("501")).toBe("+994 50 1");
    expect(formatPhone("501234567")).toBe("+994 50 123 45 67");
    expect(phoneDigits("+994 50 123 45 67")).toBe("501234567");
  });

  it("types digit by digit into groups, and the caret follows the digit", () => {
    let s = { text: PHONE_PREFIX, start: 5, end: 5 };
    for (const d of "501234567") s = phoneInsert(s, d);
    expect(s).toEqual({ text: "+994 50 123 45 67", start: 17, end: 17 });
  });

  it("inserts and deletes in the middle, and keeps the prefix", () => {
    // The caret after "50 1": a 9 goes in, the groups move.
    let s = phoneInsert({ text: "+994 50 123 45 67", start: 9, end: 9 }, "9");
    expect(s.text).toBe("+994 50 192 34 567");
    expect(s.start).toBe(10);
    s = phoneBackspace(s);
    expect(s).toEqual({ text: "+994 50 123 45 67", start: 9, end: 9 });
    expect(phoneBackspace({ text: "+994 ", start: 5, end: 5 }).text).toBe("+994 ");
    expect(phoneMove({ text: "+994 50", start: 5, end: 5 }, -1).start).toBe(5);
    // Right from after "50" steps over the group's space to after the next digit.
    expect(phoneMove({ text: "+994 50 123", start: 7, end: 7 }, 1).start).toBe(9);
  });
});
