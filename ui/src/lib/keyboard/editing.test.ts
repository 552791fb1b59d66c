import { describe, expect, it } from "vitest";
import {
  DUPLICATE_TAP_MS,
  TapFilter,
  backspace,
  clamp,
  deleteForward,
  insert,
  moveEnd,
  moveHome,
  moveLeft,
  moveRight,
  type EditState,
} from "./editing";

const at = (text: string, start: number, end = start): EditState => ({ text, start, end });

describe("editing", () => {
  it("inserts at the caret in the middle, and the caret follows", () => {
    expect(insert(at("Bəydli", 4), "i")).toEqual(at("Bəydili", 5));
    expect(insert(at("", 0), "ə")).toEqual(at("ə", 1));
    expect(insert(at("kəndi", 5), " ")).toEqual(at("kəndi ", 6));
  });

  it("replaces a selection", () => {
    expect(insert(at("Bəydili kəndi", 0, 7), "Şahsevən")).toEqual(at("Şahsevən kəndi", 8));
  });

  it("backspace and delete in the middle remove one character on their side", () => {
    expect(backspace(at("Bəydxili", 5))).toEqual(at("Bəydili", 4));
    expect(deleteForward(at("Bəydxili", 4))).toEqual(at("Bəydili", 4));
    expect(backspace(at("Bəydili kəndi", 7, 13))).toEqual(at("Bəydili", 7));
    expect(deleteForward(at("abc", 0, 2))).toEqual(at("c", 0));
  });

  it("does nothing at the ends, without jumping", () => {
    expect(backspace(at("abc", 0))).toEqual(at("abc", 0));
    expect(deleteForward(at("abc", 3))).toEqual(at("abc", 3));
    expect(moveLeft(at("abc", 0))).toEqual(at("abc", 0));
    expect(moveRight(at("abc", 3))).toEqual(at("abc", 3));
  });

  it("moves one character left and right, home and end", () => {
    expect(moveLeft(at("abc", 2))).toEqual(at("abc", 1));
    expect(moveRight(at("abc", 2))).toEqual(at("abc", 3));
    expect(moveLeft(at("abcd", 1, 3))).toEqual(at("abcd", 1));
    expect(moveRight(at("abcd", 1, 3))).toEqual(at("abcd", 3));
    expect(moveHome(at("abc", 2))).toEqual(at("abc", 0));
    expect(moveEnd(at("abc", 1))).toEqual(at("abc", 3));
  });

  it("a stale caret past the text or a reversed selection is clamped, not jumped over", () => {
    expect(clamp(at("abc", 9))).toEqual(at("abc", 3));
    expect(clamp(at("abc", 2, 1))).toEqual(at("abc", 1, 2));
    expect(clamp(at("abc", -4))).toEqual(at("abc", 0));
    expect(insert(at("abc", 9), "d")).toEqual(at("abcd", 4));
  });

  it("treats a surrogate pair as one character", () => {
    expect(backspace(at("a😀", 3))).toEqual(at("a", 1));
    expect(moveLeft(at("a😀", 3))).toEqual(at("a😀", 1));
    expect(moveRight(at("😀b", 0))).toEqual(at("😀b", 2));
  });

  it("sets no length limit: Rust validates lengths", () => {
    const long = "ə".repeat(1000);
    expect(insert(at(long, 1000), "ə").text).toHaveLength(1001);
  });
});

describe("duplicate taps", () => {
  it("ignores a second tap of the same key within 150 ms and accepts it after", () => {
    expect(DUPLICATE_TAP_MS).toBe(150);
    const taps = new TapFilter();
    expect(taps.accept("az:k", 1000)).toBe(true);
    expect(taps.accept("az:k", 1100)).toBe(false);
    expect(taps.accept("az:k", 1149)).toBe(false);
    expect(taps.accept("az:k", 1150)).toBe(true);
    expect(taps.accept("az:k", 1400)).toBe(true);
  });

  it("accepts another key at once, and the same key again after it", () => {
    const taps = new TapFilter();
    expect(taps.accept("az:k", 0)).toBe(true);
    expect(taps.accept("az:ə", 10)).toBe(true);
    expect(taps.accept("az:k", 20)).toBe(true);
  });
});
