// How the staff screen writes Rust's sizes: presentation only (times and dates come written, in
// Baku time, from Rust).

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB", "EB"] as const;

/** A byte count Rust sent as a decimal string (a u64), in binary units: `1.5 GB`. */
export function showBytes(decimal: string): string {
  if (!/^\d+$/.test(decimal)) return decimal;
  let value = Number(BigInt(decimal));
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Keeps only the digits of what was typed (the PIN fields). */
export function digitsOnly(text: string): string {
  return text.replace(/\D/g, "");
}
