// The tactile keypad (EZ-Access: up, down, select, back, help, volume) on any keyboard: which
// key is which action, and whether a key is the keypad's at all. A keyboard-wedge scanner types
// into the same window (digits and letters, then Enter), so a key is the scanner's when it
// could be: printable keys typed outside a field, and an Enter or a printable keypad key that
// follows one of them closely.

/** What a keypad key asks for. Up/down/left/right are "previous"/"next" outside a grid. */
export type KeypadAction =
  | "next"
  | "previous"
  | "up"
  | "down"
  | "left"
  | "right"
  | "select"
  | "back"
  | "help"
  | "volume-up"
  | "volume-down"
  | "pause";

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** A key that follows a scanner's printable key closer than this (ms) is the scanner's too. */
export const SCANNER_GAP_MS = 300;

const BY_KEY: Record<string, KeypadAction> = {
  ArrowDown: "down",
  ArrowRight: "right",
  PageDown: "next",
  ArrowUp: "up",
  ArrowLeft: "left",
  PageUp: "previous",
  Enter: "select",
  Escape: "back",
  F1: "help",
  Help: "help",
  "?": "help",
  "+": "volume-up",
  AudioVolumeUp: "volume-up",
  "-": "volume-down",
  AudioVolumeDown: "volume-down",
  p: "pause",
  MediaPlayPause: "pause",
};

const BY_CODE: Record<string, KeypadAction> = {
  NumpadEnter: "select",
  NumpadAdd: "volume-up",
  NumpadSubtract: "volume-down",
};

/** The keypad action of a key, or null for any other key (and for shortcuts with Ctrl, Alt, Meta). */
export function keypadAction(e: KeyInput): KeypadAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  return BY_KEY[e.key] ?? (e.code ? BY_CODE[e.code] : undefined) ?? null;
}

/** Whether `key` types a character (one grapheme: "a", "ə", "5", "+"), not a named key. */
export function isPrintable(key: string): boolean {
  return key.length > 0 && [...new Intl.Segmenter().segment(key)].length === 1 && !/^[\p{Cc}]$/u.test(key);
}

export interface KeyContext {
  /** Speech mode is on. */
  speech: boolean;
  /** The key went to a text field (typed there). */
  inField: boolean;
  /** Milliseconds since the last printable key typed outside a field (the scanner's). */
  sinceScannerKey: number;
}

/**
 * What to do with a key:
 * - `pass`: not the keypad's; it types in its field or goes to the scanner as before;
 * - `activate`: a keypad key while speech mode is off: turn speech mode on (it speaks the screen);
 * - `act`: do `action`.
 */
export type KeyDecision = { kind: "pass" } | { kind: "activate" } | { kind: "act"; action: KeypadAction };

export function decideKey(e: KeyInput, context: KeyContext): KeyDecision {
  const action = keypadAction(e);
  if (action === null) return { kind: "pass" };
  const printable = isPrintable(e.key);
  // In a text field, a character is typed as ever ("+" in a phone number, "?" in a note).
  if (context.inField && printable) return { kind: "pass" };
  // Outside one, a character right after another is the scanner's line going on.
  const scanning = !context.inField && context.sinceScannerKey < SCANNER_GAP_MS;
  if (printable && scanning) return { kind: "pass" };
  if (action === "select") {
    // Enter alone never turns speech on: the scanner ends its lines with it.
    if (!context.speech || scanning) return { kind: "pass" };
    return { kind: "act", action };
  }
  return context.speech ? { kind: "act", action } : { kind: "activate" };
}
