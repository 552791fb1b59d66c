// Loose, Turkic-aware matching for the officials list's search box: what a citizen types on the
// on-screen keyboard, in whatever layout, finds the official however the catalog spells them.
// The same rules as qebul-core's `text::LooseQuery` (the history search on the Rust side):
// - case-insensitive with the Azerbaijani (Turkic) rules: İ ↔ i and I ↔ ı (`toLocaleLowerCase("az")`);
// - ç→c, ğ→g, ı→i, ö→o, ü→u, ş→s (and the like for other accented letters, ё→е), both ways:
//   "sahin" finds "ŞAHİN" and "şahin" finds "SAHIN";
// - ə matches e, a and itself ("eliyev" and "aliyev" find "ƏLİYEV": ID cards' MRZs write Ə as A);
// - each word of the query must occur somewhere in the text, in any order ("mahir quliyev").

/** A word boundary in a loose text. */
const GAP = " ";
const SCHWA = "ə";

/** Letters people type without their marks, lower case. */
const FOLD: Record<string, string> = {
  ç: "c", ć: "c", č: "c",
  ğ: "g", ĝ: "g",
  ı: "i", ì: "i", í: "i", î: "i", ï: "i", ī: "i",
  ö: "o", ò: "o", ó: "o", ô: "o", õ: "o", ø: "o", ō: "o",
  ü: "u", ù: "u", ú: "u", û: "u", ū: "u",
  ş: "s", ś: "s", š: "s", ș: "s",
  ä: SCHWA,
  à: "a", á: "a", â: "a", ã: "a", å: "a", ā: "a",
  è: "e", é: "e", ê: "e", ë: "e", ē: "e",
  ñ: "n", ý: "y", ÿ: "y", ž: "z", ź: "z", ż: "z",
  ё: "е",
};

/** Combining marks (the dot of a non-Turkic "i̇", an accent typed apart): dropped. */
const COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The loose form of a text: Turkic lower case, letters folded (ə kept: it matches a and e),
 * every run of anything but letters and digits one gap, no gap at either end.
 */
export function looseText(text: string): string {
  let out = "";
  for (const c of text.normalize("NFC").toLocaleLowerCase("az")) {
    if (COMBINING.test(c)) continue;
    const f = FOLD[c] ?? c;
    if (LETTER_OR_DIGIT.test(f)) out += f;
    else if (out.length > 0 && !out.endsWith(GAP)) out += GAP;
  }
  return out.endsWith(GAP) ? out.slice(0, -1) : out;
}

function same(q: string, h: string): boolean {
  return q === h || (q === SCHWA && (h === "a" || h === "e")) || (h === SCHWA && (q === "a" || q === "e"));
}

/** Whether the loose `word` occurs in the loose `hay`. */
function occurs(word: string[], hay: string[]): boolean {
  for (let start = 0; start + word.length <= hay.length; start++) {
    let hit = true;
    for (let i = 0; i < word.length && hit; i++) hit = same(word[i], hay[start + i]);
    if (hit) return true;
  }
  return false;
}

/** A query prepared once, matched against many texts. */
export class LooseQuery {
  readonly #words: string[][];

  constructor(query: string) {
    this.#words = looseText(query)
      .split(GAP)
      .filter((w) => w.length > 0)
      .map((w) => [...w]);
  }

  /** True when the query has no letters or digits: it matches everything. */
  get isEmpty(): boolean {
    return this.#words.length === 0;
  }

  /** Whether every word of the query occurs in one of `texts` (words may be in different texts). */
  matches(...texts: string[]): boolean {
    const hay = [...looseText(texts.join(GAP))];
    return this.#words.every((w) => occurs(w, hay));
  }
}

/** What the officials search looks in: an official's position and full name. */
export interface Searchable {
  readonly position: string;
  readonly full_name: string;
}

/**
 * The officials that `query` finds by position or name, in the order given (the authority's).
 * An empty query finds them all.
 */
export function searchOfficials<T extends Searchable>(officials: readonly T[], query: string): T[] {
  const q = new LooseQuery(query);
  if (q.isEmpty) return [...officials];
  return officials.filter((o) => q.matches(o.position, o.full_name));
}
