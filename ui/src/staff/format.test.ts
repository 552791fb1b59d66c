import { describe, expect, it } from "vitest";
import { digitsOnly, showBytes } from "./format";
import { isStaffKey } from "./gate.svelte";

describe("the staff screen's formats", () => {
  it("writes byte counts in binary units, beyond what a JS number holds exactly", () => {
    expect(showBytes("512")).toBe("512 B");
    expect(showBytes("1536")).toBe("1.5 KB");
    expect(showBytes(String(20 * 1024 ** 3))).toBe("20.0 GB");
    expect(showBytes("18446744073709551615")).toBe("16.0 EB");
    expect(showBytes("-1")).toBe("-1");
  });

  it("keeps only digits", () => {
    expect(digitsOnly("12a3 4")).toBe("1234");
  });
});

describe("the receptionist's key", () => {
  it("is Ctrl+Alt+S, and nothing less", () => {
    expect(isStaffKey({ ctrlKey: true, altKey: true, code: "KeyS", key: "ß" })).toBe(true);
    expect(isStaffKey({ ctrlKey: true, altKey: true, code: "KeyX", key: "S" })).toBe(true);
    expect(isStaffKey({ ctrlKey: true, altKey: false, code: "KeyS", key: "s" })).toBe(false);
    expect(isStaffKey({ ctrlKey: false, altKey: true, code: "KeyS", key: "s" })).toBe(false);
  });
});
