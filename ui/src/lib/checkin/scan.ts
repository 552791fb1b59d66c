// What a keyboard-wedge scanner typed outside any field: a notice's barcode (its digits) goes to
// the check-in, anything else (an MRZ line always has `<` and letters) to the card reader's MRZ.

/**
 * The barcode a scanned `line` is, as Rust reads it: its digits, the spaces (and the line's end)
 * left out; null for a line that is not only digits. Rust judges the length and the dates.
 */
export function noticeBarcode(line: string): string | null {
  const digits = line.replace(/\s+/g, "");
  return /^[0-9]+$/.test(digits) ? digits : null;
}
