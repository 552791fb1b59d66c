// What every screen reads and does, provided once by App.svelte through Svelte context:
// `const kiosk = useKiosk()` in any component under it. Rust owns the session (its language,
// idle time and countdown, and the citizen), the sync status and the print queue; the kiosk
// follows them and keeps the visit (screens and drafts) that a session's end replaces.
import { createContext } from "svelte";
import {
  commands,
  events,
  type CitizenView,
  type DemoCard,
  type PrintQueueView,
  type SessionView,
  type SyncView,
  type UiLang,
  type Worded,
} from "./ipc";
import { follow, type Followed } from "./follow.svelte";
import { Visit, type Screen } from "./screens.svelte";
import { NO_SESSION, TOUCH_EVERY_MS, WedgeBuffer, endsVisit } from "./citizen";
import { translate, type Translate } from "./messages";
import { noticeBarcode } from "./checkin/scan";
import { LANGS, translator } from "./i18n";

/** The catalog, for the screens that show it: reload when `version` changes. */
export class Catalog {
  /** Bumped when Rust has a new catalog. */
  version = $state(0);

  /** The officials list in `lang`. */
  officials(lang: UiLang) {
    return commands.listOfficials(lang);
  }

  /** The kiosk's authority and devices. */
  info() {
    return commands.kioskInfo();
  }
}

/** What screens get from `useKiosk()`. Every property is reactive. */
export interface KioskContext {
  /** The translator of the session's language. */
  readonly t: Translate;
  /** The session's language: Rust's, from its last report. */
  readonly lang: UiLang;
  /** Rust's last report of the session: the only copy of the citizen the UI holds. */
  readonly session: SessionView;
  /** Whether Rust has reported the session yet (until then `session` is a placeholder). */
  readonly sessionReported: boolean;
  /** The identified citizen, or null. */
  readonly citizen: CitizenView | null;
  /** The sync status, once Rust has reported it. */
  readonly sync: SyncView | null;
  /** The printer and its queue, once Rust has reported them. */
  readonly printQueue: PrintQueueView | null;
  readonly catalog: Catalog;
  /** The demo's cards (none outside the demo). */
  readonly demoCards: readonly DemoCard[];
  /** This visit: its screens and what the citizen typed. Replaced when the session ends. */
  readonly visit: Visit;
  /** The screen shown, with its parameters. */
  readonly screen: Screen;
  readonly canGoBack: boolean;
  go(screen: Screen): void;
  back(): void;
  /** Ends the session in Rust and forgets the visit: the welcome screen, for the next person. */
  startOver(): void;
  /** The citizen chose a language; the screens change when Rust reports it. */
  setLang(lang: UiLang): void;
  /**
   * Why the last scanned notice barcode was refused (the welcome screen shows it), in the three
   * languages; null after the next touch or scan.
   */
  readonly scanProblem: Worded | null;
}

export class Kiosk implements KioskContext {
  readonly catalog = new Catalog();
  visit: Visit = $state.raw(new Visit());
  demoCards: readonly DemoCard[] = $state.raw([]);
  #session: Followed<SessionView> | null = $state.raw(null);
  #sync: Followed<SyncView | null> | null = $state.raw(null);
  #printQueue: Followed<PrintQueueView | null> | null = $state.raw(null);
  #wedge = new WedgeBuffer();
  #lastTouch = -Infinity;
  scanProblem: Worded | null = $state.raw(null);
  /** Scans asked so far: only the latest one's answer counts. */
  #scans = 0;

  /** `first`: the screen to open on (the browser tests' `?screen=`); else the welcome screen. */
  constructor(first?: Screen | null) {
    if (first) this.visit = new Visit(first);
  }

  get session(): SessionView {
    return this.#session?.current ?? NO_SESSION;
  }
  get sessionReported(): boolean {
    return this.#session?.reported ?? false;
  }
  // A derived, not a getter: screens reload in a new language, not on every report of the session.
  readonly lang: UiLang = $derived(this.session.lang ?? NO_SESSION.lang);
  readonly t: Translate = $derived(translate(this.lang));
  get citizen(): CitizenView | null {
    return this.session.citizen ?? null;
  }
  get sync(): SyncView | null {
    return this.#sync?.current ?? null;
  }
  get printQueue(): PrintQueueView | null {
    return this.#printQueue?.current ?? null;
  }
  get screen(): Screen {
    return this.visit.screen;
  }
  get canGoBack(): boolean {
    return this.visit.canGoBack;
  }

  /** Follows Rust's states; returns what stops following. */
  start(): () => void {
    this.#session = follow(commands.sessionStatus, events.sessionChanged, {
      initial: NO_SESSION,
      onchange: (next, previous) => {
        if (endsVisit(previous, next)) this.#endVisit();
      },
    });
    this.#sync = follow<SyncView | null>(commands.syncStatus, events.syncStatusChanged, { initial: null });
    this.#printQueue = follow<PrintQueueView | null>(commands.printQueue, events.printQueueChanged, {
      initial: null,
    });
    const catalog = events.catalogSynced.listen((e) => (this.catalog.version = e.payload.version));
    commands
      .demoCards()
      .then((r) => {
        if (r.status === "ok") this.demoCards = r.data;
      })
      .catch(() => {});
    return () => {
      this.#session?.stop();
      this.#sync?.stop();
      this.#printQueue?.stop();
      void catalog.then((stop) => stop());
    };
  }

  go(screen: Screen): void {
    this.visit.go(screen);
  }

  back(): void {
    this.visit.back();
  }

  startOver(): void {
    this.#endVisit();
    void commands.sessionFinish();
  }

  setLang(lang: UiLang): void {
    void commands.sessionLanguage(lang);
  }

  /** A touch or a key: passed on to Rust (at most every TOUCH_EVERY_MS), citizen or not. */
  touched(now = Date.now()): void {
    this.scanProblem = null;
    if (now - this.#lastTouch < TOUCH_EVERY_MS) return;
    this.#lastTouch = now;
    void commands.sessionTouch();
  }

  /**
   * A key typed outside any text field: a keyboard-wedge scanner's line goes to Rust, a notice's
   * barcode (only digits) to the check-in, any other line (an MRZ) to the card reader as is.
   */
  scannerKey(key: string, now = Date.now()): void {
    const line = this.#wedge.key(key, now);
    if (line === null) return;
    const barcode = noticeBarcode(line);
    if (barcode === null) void commands.submitMrz(line);
    else void this.#checkIn(barcode);
  }

  /** Checks in the notice `barcode` names: its answer on the checkin screen, a refusal on welcome's. */
  async #checkIn(barcode: string): Promise<void> {
    const scan = ++this.#scans;
    this.scanProblem = null;
    let problem: Worded;
    try {
      const r = await commands.checkInBarcode(barcode, this.lang);
      if (scan !== this.#scans) return;
      if (r.status === "ok") {
        // The visit current now, not the one of the scan's first key: that key was a touch, which
        // may have started a session (a new visit) while Rust was asked.
        this.visit.checkIn = r.data;
        this.go({ name: "checkin" });
        return;
      }
      problem = r.error.message;
    } catch {
      problem = Object.fromEntries(LANGS.map((l) => [l, translator(l)("error-unknown")])) as Worded;
    }
    if (scan === this.#scans) this.scanProblem = problem;
  }

  /** A new visit, nothing of the last one kept: screens, drafts, half a scanned line. */
  #endVisit(): void {
    this.visit = new Visit();
    this.#wedge = new WedgeBuffer();
    this.scanProblem = null;
    // The next person's first touch reaches Rust at once.
    this.#lastTouch = -Infinity;
  }
}

const [getKiosk, setKiosk] = createContext<KioskContext>();

/** Makes `kiosk` the context of the component calling this and of everything under it. */
export function provideKiosk(kiosk: KioskContext): KioskContext {
  return setKiosk(kiosk);
}

/** The kiosk, in any component under App.svelte (during its initialisation). */
export function useKiosk(): KioskContext {
  return getKiosk();
}
