import { describe, expect, it } from "vitest";
import { gridMove, gridRows, type Box } from "./grid";

/** A small keyboard: the layout switch at the right, then three rows of keys, the last one wide. */
const key = (x: number, y: number, w = 80): Box => ({ x, y, w, h: 80 });
const BOXES: Box[] = [
  key(300, 0, 100), // 0: layout AZ
  key(410, 0, 100), // 1: layout RU
  key(0, 90), // 2: 1
  key(90, 90), // 3: 2
  key(180, 90), // 4: 3
  key(270, 90, 140), // 5: backspace
  key(40, 180), // 6: q
  key(130, 180), // 7: w
  key(220, 180), // 8: e
  key(0, 270, 140), // 9: shift
  key(150, 270, 260), // 10: space
];

describe("gridRows", () => {
  it("groups the keys into the rows they are laid out in", () => {
    expect(gridRows(BOXES)).toEqual([[0, 1], [2, 3, 4, 5], [6, 7, 8], [9, 10]]);
  });

  it("a key a little lower (a different height) stays in its row", () => {
    expect(gridRows([key(0, 0), { x: 90, y: 6, w: 80, h: 70 }, key(0, 90)])).toEqual([[0, 1], [2]]);
  });
});

describe("gridMove", () => {
  it("up and down go to the nearest key of the next row", () => {
    // Middles: 1 40, 2 130, 3 220, backspace 340; q 80, w 170, e 260; shift 70, space 280.
    expect(gridMove(BOXES, 3, "down")).toBe(7); // 2 → w
    expect(gridMove(BOXES, 4, "down")).toBe(8); // 3 → e
    expect(gridMove(BOXES, 8, "down")).toBe(10); // e → space
    expect(gridMove(BOXES, 6, "down")).toBe(9); // q → shift
    expect(gridMove(BOXES, 6, "up")).toBe(2); // q → 1
    expect(gridMove(BOXES, 2, "up")).toBe(0); // 1 → AZ
    expect(gridMove(BOXES, 5, "up")).toBe(0); // backspace → AZ (350), not RU (460)
  });

  it("leaving the first or last row leaves the grid", () => {
    expect(gridMove(BOXES, 1, "up")).toBe("before");
    expect(gridMove(BOXES, 9, "down")).toBe("after");
  });

  it("left and right go key by key, across rows, and out at the ends", () => {
    expect(gridMove(BOXES, 3, "right")).toBe(4);
    expect(gridMove(BOXES, 5, "right")).toBe(6);
    expect(gridMove(BOXES, 6, "left")).toBe(5);
    expect(gridMove(BOXES, 0, "left")).toBe("before");
    expect(gridMove(BOXES, 10, "right")).toBe("after");
  });
});
