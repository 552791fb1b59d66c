// Counting the note as a person counts it: extended grapheme clusters (Intl.Segmenter), as
// qebul-core's `count_characters` does, so "ə́" or a flag is one character.

/**
 * The note's limit, the seed's "maksimum 400 simvol" (qebul-core's NOTE_MAX). The field never
 * holds more; Rust still checks it when the form is sent.
 */
export const NOTE_MAX = 400;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** How many characters (grapheme clusters) `text` has. */
export function countCharacters(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** `text` cut after its first `max` characters (grapheme clusters); as it is when shorter. */
export function firstCharacters(text: string, max: number): string {
  let n = 0;
  for (const { index } of segmenter.segment(text)) {
    if (n === max) return text.slice(0, index);
    n++;
  }
  return text;
}
