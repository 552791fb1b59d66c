import { describe, expect, it } from "vitest";
import { NOTE_MAX, countCharacters, firstCharacters } from "./text";

describe("the note's characters", () => {
  it("counts grapheme clusters, not UTF-16 units or code points", () => {
    expect(countCharacters("")).toBe(0);
    expect(countCharacters("Əİ")).toBe(2);
    // e + combining acute, a flag, a family emoji joined by ZWJ: one character each.
    expect(countCharacters("ə\u0301🇦🇿👨‍👩‍👧")).toBe(3);
    expect("👨‍👩‍👧".length).toBeGreaterThan(1);
  });

  it("cuts after whole characters only", () => {
    expect(firstCharacters("Əli", 2)).toBe("Əl");
    expect(firstCharacters("aə\u0301b", 2)).toBe("aə\u0301");
    expect(firstCharacters("🇦🇿🇦🇿", 1)).toBe("🇦🇿");
    expect(firstCharacters("abc", 5)).toBe("abc");
    expect(firstCharacters("abc", 0)).toBe("");
    expect(countCharacters(firstCharacters("ə".repeat(450), NOTE_MAX))).toBe(400);
  });
});
