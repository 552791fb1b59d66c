// How the staff screen writes Rust's times, dates and sizes: presentation only.

/** `2026-12-07` as `07.12.2026`; anything else as it came. */
export function showDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : date;
}

const BAKU = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Baku",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An RFC 3339 instant in Baku time, `dd.mm.yyyy HH:MM`; anything unreadable as it came. */
export function showTime(rfc3339: string): string {
  const at = new Date(rfc3339);
  if (Number.isNaN(at.getTime())) return rfc3339;
  const part = Object.fromEntries(BAKU.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.day}.${part.month}.${part.year} ${part.hour}:${part.minute}`;
}

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
