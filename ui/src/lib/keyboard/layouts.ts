// The on-screen keyboard's layouts, as data. Letters are lower case; shift gives
// `toLocaleUpperCase(layout.locale)` (Turkic for az: i → İ, ı → I), never plain toUpperCase.

/** One key. `id` is unique within its layout (the duplicate-tap filter tells keys apart by it). */
export type Key =
  /** Types `char`, or its upper case under shift. */
  | { kind: "char"; id: string; char: string }
  /** Types `text` as is (the e-mail keyboard's domains). */
  | { kind: "text"; id: string; text: string }
  | { kind: "backspace"; id: "backspace" }
  | { kind: "shift"; id: "shift" }
  | { kind: "space"; id: "space" }
  | { kind: "left"; id: "left" }
  | { kind: "right"; id: "right" };

export type TextLayoutId = "az" | "ru" | "en";
export type LayoutId = TextLayoutId | "email" | "phone";

export interface Layout {
  readonly id: LayoutId;
  /** The locale of shift's upper case. */
  readonly locale: string;
  readonly rows: readonly (readonly Key[])[];
}

/** The text layouts, in the order of the layout switch. */
export const TEXT_LAYOUTS: readonly TextLayoutId[] = ["az", "ru", "en"];

const chars = (s: string): Key[] => [...s.replace(/ /g, "")].map((c) => ({ kind: "char", id: c, char: c }));
const texts = (...ts: string[]): Key[] => ts.map((t) => ({ kind: "text", id: t, text: t }));
const BACKSPACE: Key = { kind: "backspace", id: "backspace" };
const SHIFT: Key = { kind: "shift", id: "shift" };
const SPACE: Key = { kind: "space", id: "space" };
const LEFT: Key = { kind: "left", id: "left" };
const RIGHT: Key = { kind: "right", id: "right" };

/** A text layout: digits, three rows of letters, and what addresses need around them. */
function text(id: TextLayoutId, locale: string, letters: [string, string, string]): Layout {
  return {
    id,
    locale,
    rows: [
      [...chars("1 2 3 4 5 6 7 8 9 0 -"), BACKSPACE],
      chars(letters[0]),
      chars(letters[1]),
      [SHIFT, ...chars(letters[2]), ...chars(", .")],
      [...chars('/ "'), SPACE, LEFT, RIGHT],
    ],
  };
}

/** Azerbaijani, AZS 495-2010 as Debian's xkb `az` has it: Ü where W is (the alphabet has no W). */
export const AZ = text("az", "az", ["q ü e r t y u i o p ö ğ", "a s d f g h j k l ı ə", "z x c v b n m ç ş"]);
/** Russian ЙЦУКЕН (Ё, placed top left on hardware, ends the bottom row here). */
export const RU = text("ru", "ru", ["й ц у к е н г ш щ з х ъ", "ф ы в а п р о л д ж э", "я ч с м и т ь б ю ё"]);
/** English QWERTY. */
export const EN = text("en", "en", ["q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m"]);

/** E-mail: Latin letters with W, the address's symbols, and whole domains in one tap. No shift. */
export const EMAIL: Layout = {
  id: "email",
  locale: "en",
  rows: [
    [...chars("1 2 3 4 5 6 7 8 9 0"), BACKSPACE],
    chars("q w e r t y u i o p"),
    [...chars("a s d f g h j k l"), ...chars("@")],
    [...chars("z x c v b n m"), ...chars(". - _")],
    [...texts("mail.ru", "gmail.com", "box.az", ".az"), LEFT, RIGHT],
  ],
};

/** Phone: a keypad; the field starts with +994 and groups the digits (see phone.ts). */
export const PHONE: Layout = {
  id: "phone",
  locale: "en",
  rows: [chars("1 2 3"), chars("4 5 6"), chars("7 8 9"), [LEFT, ...chars("0"), RIGHT], [BACKSPACE]],
};

export const LAYOUTS: Record<LayoutId, Layout> = { az: AZ, ru: RU, en: EN, email: EMAIL, phone: PHONE };

/** What a char key types: its upper case in the layout's locale under shift. */
export function typed(key: Extract<Key, { kind: "char" }>, layout: Layout, shift: boolean): string {
  return shift ? key.char.toLocaleUpperCase(layout.locale) : key.char;
}

/** The letters of a row, for reading layouts as text ("q ü e r t y …"). */
export function rowText(row: readonly Key[]): string {
  return row.flatMap((k) => (k.kind === "char" ? [k.char] : k.kind === "text" ? [k.text] : [])).join(" ");
}
