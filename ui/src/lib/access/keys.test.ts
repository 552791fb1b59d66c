import { describe, expect, it } from "vitest";
import { SCANNER_GAP_MS, decideKey, isPrintable, keypadAction, type KeyContext } from "./keys";

describe("keypadAction", () => {
  it("maps the keypad's keys, on any keyboard", () => {
    const cases: Array<[{ key: string; code?: string }, string]> = [
      [{ key: "ArrowDown" }, "down"],
      [{ key: "ArrowRight" }, "right"],
      [{ key: "PageDown" }, "next"],
      [{ key: "ArrowUp" }, "up"],
      [{ key: "ArrowLeft" }, "left"],
      [{ key: "PageUp" }, "previous"],
      [{ key: "Enter", code: "Enter" }, "select"],
      [{ key: "Enter", code: "NumpadEnter" }, "select"],
      [{ key: "Escape" }, "back"],
      [{ key: "F1" }, "help"],
      [{ key: "Help" }, "help"],
      [{ key: "?" }, "help"],
      [{ key: "+", code: "NumpadAdd" }, "volume-up"],
      [{ key: "+", code: "Equal" }, "volume-up"],
      [{ key: "AudioVolumeUp" }, "volume-up"],
      [{ key: "-", code: "NumpadSubtract" }, "volume-down"],
      [{ key: "AudioVolumeDown" }, "volume-down"],
      [{ key: "p" }, "pause"],
      [{ key: "MediaPlayPause" }, "pause"],
    ];
    for (const [key, action] of cases) expect(keypadAction(key), JSON.stringify(key)).toBe(action);
  });

  it("leaves every other key, and shortcuts, alone", () => {
    for (const key of ["a", "P", "5", "Tab", " ", "Shift", "Backspace", "F5", "<"]) expect(keypadAction({ key }), key).toBeNull();
    expect(keypadAction({ key: "ArrowDown", ctrlKey: true })).toBeNull();
    expect(keypadAction({ key: "+", ctrlKey: true })).toBeNull();
    expect(keypadAction({ key: "Escape", altKey: true })).toBeNull();
    expect(keypadAction({ key: "p", metaKey: true })).toBeNull();
  });
});

describe("isPrintable", () => {
  it("is a character, not a named key", () => {
    for (const key of ["a", "ə", "İ", "5", "+", "?", "<", " "]) expect(isPrintable(key), key).toBe(true);
    for (const key of ["Enter", "ArrowDown", "F1", "Escape", "Dead", ""]) expect(isPrintable(key), key).toBe(false);
  });
});

describe("decideKey", () => {
  const idle: KeyContext = { speech: false, inField: false, sinceScannerKey: Infinity };
  const on: KeyContext = { ...idle, speech: true };

  it("a keypad key turns speech mode on when it is off; Enter alone does not", () => {
    for (const key of ["ArrowDown", "ArrowUp", "PageDown", "Escape", "F1", "?", "+", "-", "p", "AudioVolumeUp"]) {
      expect(decideKey({ key }, idle), key).toEqual({ kind: "activate" });
    }
    expect(decideKey({ key: "Enter" }, idle)).toEqual({ kind: "pass" });
    expect(decideKey({ key: "Enter", code: "NumpadEnter" }, idle)).toEqual({ kind: "pass" });
  });

  it("in speech mode, the keys act", () => {
    expect(decideKey({ key: "ArrowDown" }, on)).toEqual({ kind: "act", action: "down" });
    expect(decideKey({ key: "Enter" }, on)).toEqual({ kind: "act", action: "select" });
    expect(decideKey({ key: "Escape" }, on)).toEqual({ kind: "act", action: "back" });
    expect(decideKey({ key: "?" }, on)).toEqual({ kind: "act", action: "help" });
    expect(decideKey({ key: "-" }, on)).toEqual({ kind: "act", action: "volume-down" });
    expect(decideKey({ key: "p" }, on)).toEqual({ kind: "act", action: "pause" });
  });

  it("the scanner's keys stay the scanner's: characters, and what follows them closely", () => {
    for (const key of ["1", "A", "<", "a"]) expect(decideKey({ key }, on), key).toEqual({ kind: "pass" });
    const scanning = { ...on, sinceScannerKey: SCANNER_GAP_MS - 1 };
    expect(decideKey({ key: "Enter" }, scanning)).toEqual({ kind: "pass" });
    expect(decideKey({ key: "-" }, scanning)).toEqual({ kind: "pass" });
    expect(decideKey({ key: "p" }, { ...idle, sinceScannerKey: 5 })).toEqual({ kind: "pass" });
    // Named keys are never a scanner's.
    expect(decideKey({ key: "ArrowDown" }, scanning)).toEqual({ kind: "act", action: "down" });
    // A moment later, Enter is Select again.
    expect(decideKey({ key: "Enter" }, { ...on, sinceScannerKey: SCANNER_GAP_MS })).toEqual({ kind: "act", action: "select" });
  });

  it("in a text field, characters type; the keypad's named keys still act", () => {
    const field = { ...on, inField: true, sinceScannerKey: 0 };
    for (const key of ["+", "-", "?", "p", "a"]) expect(decideKey({ key }, field), key).toEqual({ kind: "pass" });
    expect(decideKey({ key: "+", code: "NumpadAdd" }, field)).toEqual({ kind: "pass" });
    expect(decideKey({ key: "ArrowDown" }, field)).toEqual({ kind: "act", action: "down" });
    expect(decideKey({ key: "Enter" }, field)).toEqual({ kind: "act", action: "select" });
    expect(decideKey({ key: "AudioVolumeUp" }, field)).toEqual({ kind: "act", action: "volume-up" });
    // Speech off: Enter in a field is the field's (a form's submit), an arrow turns speech on.
    expect(decideKey({ key: "Enter" }, { ...field, speech: false })).toEqual({ kind: "pass" });
    expect(decideKey({ key: "ArrowLeft" }, { ...field, speech: false })).toEqual({ kind: "activate" });
  });
});
