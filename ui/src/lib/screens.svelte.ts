import type { BookingFormView, CheckInView, FieldProblem, HistoryQueryView } from "./ipc";

// Which screen the citizen is on, with its parameters, and how they got there.
//
// A screen is a name and its parameters, all strings (ids, numbers, dates as text), so that any
// screen can also be opened from a `?screen=` address (the browser tests do). Adding a screen
// is one line in SCREEN_PARAMS (its name and the names of its parameters), and its component
// in `screens/index.ts` (a `Record`, so svelte-check fails until it is there).

/** Every screen, by name, with the names of its parameters. */
export const SCREEN_PARAMS = {
  welcome: [],
  officials: [],
  /** The official's next dates, and the topic, social status and privilege (seed Şəkil 5). */
  booking: ["officialId"],
  /** Contact details, the current address and the note, beside what the card says. */
  details: ["officialId"],
  /** Every choice on one screen, with "edit" beside each, and "MƏLUMATLARI GÖNDƏR". */
  review: ["officialId"],
  /** "Müraciətiniz göndərildi": the number, and the notice printing (seed Şəkil 6). */
  sent: ["bookingId", "number"],
  /** The citizen's applications from every kiosk, with the search (seed Şəkil 8 and 10). */
  history: [],
  /** One application: every field, its timeline, comment, print, cancel (seed Şəkil 9). */
  application: ["bookingId"],
  /** "You are checked in": what the last check-in (card or notice barcode) found. */
  checkin: [],
} as const satisfies Record<string, readonly string[]>;

export type ScreenName = keyof typeof SCREEN_PARAMS;

/** The screen named `N`, with its parameters: `{ name: "booking"; officialId: string }`. */
export type ScreenOf<N extends ScreenName> = { readonly name: N } & {
  readonly [P in (typeof SCREEN_PARAMS)[N][number]]: string;
};

/** Any screen: a discriminated union on `name`. */
export type Screen = { [N in ScreenName]: ScreenOf<N> }[ScreenName];

export const WELCOME: Screen = Object.freeze({ name: "welcome" });

export function isScreenName(name: string): name is ScreenName {
  return Object.hasOwn(SCREEN_PARAMS, name);
}

/**
 * The screen a `?screen=<name>&<param>=<value>…` query names, or null when it names none, an
 * unknown one, or leaves out one of its parameters.
 */
export function screenFromQuery(query: string | URLSearchParams): Screen | null {
  const params = typeof query === "string" ? new URLSearchParams(query) : query;
  const name = params.get("screen");
  if (name === null || !isScreenName(name)) return null;
  const screen: Record<string, string> = { name };
  for (const param of SCREEN_PARAMS[name] as readonly string[]) {
    const value = params.get(param);
    if (value === null) return null;
    screen[param] = value;
  }
  return Object.freeze(screen) as Screen;
}

/**
 * Where one visit has been: a stack of screens, the welcome screen at its bottom, and what the
 * citizen typed (kept here rather than in a screen, so that Back does not lose it). A visit
 * ends as a whole: the kiosk replaces the object, nothing of it is reset field by field.
 */
export class Visit {
  #stack: readonly Screen[] = $state.raw([WELCOME]);
  /** What the citizen has typed so far, field by field. */
  readonly drafts: Drafts = $state({ address: "" });
  /** The booking form being filled (seed Şəkil 5), kept across its screens, Back and languages. */
  readonly booking: BookingDraft = $state(emptyBooking());
  /** Fields Rust refused, shown beside them until the citizen changes them. */
  problems: readonly FieldProblem[] = $state.raw([]);
  /** What the last check-in found (the checkin screen shows it); null before any. */
  checkIn: CheckInView | null = $state.raw(null);
  /** The history search as typed, kept while the citizen opens an application and comes back. */
  readonly historyQuery: HistoryQueryView = $state({ date: "", official: "", status: null });
  /** The history page shown (0-based), kept likewise. */
  historyPage = $state(0);

  /** A new visit on the welcome screen, or on `first` with the welcome screen under it. */
  constructor(first?: Screen) {
    if (first && first.name !== "welcome") this.#stack = [WELCOME, Object.freeze({ ...first })];
  }

  /** The screen shown. */
  get screen(): Screen {
    return this.#stack[this.#stack.length - 1];
  }

  /** How many screens deep the visit is (1 on the welcome screen). */
  get depth(): number {
    return this.#stack.length;
  }

  get canGoBack(): boolean {
    return this.#stack.length > 1;
  }

  /** Opens `screen` on top of the current one; the welcome screen clears the stack. */
  go(screen: Screen): void {
    const next = Object.freeze({ ...screen });
    this.#stack = next.name === "welcome" ? [WELCOME] : [...this.#stack, next];
  }

  /**
   * Opens `screen` with only the welcome screen under it: after a booking is sent, Back must
   * not lead to the form that sent it.
   */
  restart(screen: Screen): void {
    const next = Object.freeze({ ...screen });
    this.#stack = next.name === "welcome" ? [WELCOME] : [WELCOME, next];
  }

  /** Back to the previous screen; on the welcome screen, nothing. */
  back(): void {
    if (this.#stack.length > 1) this.#stack = this.#stack.slice(0, -1);
  }
}

/** Text fields a visit keeps; a new form adds its fields here. */
export interface Drafts {
  address: string;
}

/**
 * The booking form as the citizen fills it: Rust's `BookingFormView`, field for field, so it is
 * sent as it is. Empty strings are "not chosen yet".
 */
export type BookingDraft = BookingFormView;

export function emptyBooking(officialId = ""): BookingDraft {
  return {
    official_id: officialId,
    reception_date: "",
    topic_id: "",
    social_status_id: "",
    privilege_id: "",
    email: "",
    phone: "",
    workplace: "",
    position: "",
    current_address: "",
    address_same_as_id: true,
    note: "",
  };
}
