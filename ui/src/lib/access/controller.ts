// Speech mode's behaviour on the page (issue 16): the keypad's keys, its virtual cursor, explore
// by touch, and what is said when. Access.svelte makes one and tells it what Rust reports (speech
// on or off, the screen, the language, the volume); everything else it reads from the page.
//
// The cursor is not the DOM focus: the on-screen keyboard keeps the focus in its field, and
// moving the focus would close it. It is an attribute, `data-keypad-cursor`, on one item, found
// again after a re-render by its test id (or its place). Each `speak` interrupts the last, so
// what happens together is said together: an action's effects (notices that appear, the cursor
// moved or changed) wait until the page has settled and go in one utterance.
import type { KioskContext } from "../kiosk.svelte";
import type { Screen, Visit } from "../screens.svelte";
import type { UiLang } from "../ipc";
import { decideKey, isPrintable, type KeypadAction } from "./keys";
import { describeItem, sentences, spokenName } from "./describe";
import {
  GRID_SELECTOR,
  ITEM_SELECTOR,
  WATCHED_ATTRIBUTES,
  boxOf,
  gridOf,
  isDisabled,
  isShown,
  isTextField,
  itemInfo,
  keypadItems,
  liveRegions,
  nameOf,
  openDialog,
  scopeOf,
  screenTexts,
  settle,
  shownText,
} from "./dom";
import { gridMove } from "./grid";
import { noticeFacts, noticeSpeech, type NoticeFacts } from "./notice";
import { speak, speechControl, speechOn } from "./speech";

/** How an item is found again after a re-render: its test id (and which of those), or its place. */
interface CursorRef {
  testid: string | null;
  nth: number;
  index: number;
}

/** What an activation (a Select, a second touch) may need said once the page has settled. */
interface Activation {
  el: HTMLElement;
  kind: "field" | "key" | "other";
  /** A key's echo, taken before it was pressed (shift changes the labels). */
  echo: string | null;
}

const FORWARD: readonly KeypadAction[] = ["next", "down", "right"];
/** The volume's steps (Rust's `AccessView.volume`, 1..=5). */
const VOLUME_MAX = 5;

export class AccessController {
  readonly #kiosk: KioskContext;
  #speech = false;
  #cursor: HTMLElement | null = null;
  #ref: CursorRef | null = null;
  /** What was last said about the cursor's item (without its position), and which item. */
  #said: { el: HTMLElement | null; text: string } = { el: null, text: "" };
  /** The keypad's help is said once a visit. */
  #helpSaid = false;
  #visit: Visit | null = null;
  #lang: UiLang | null = null;
  #volume: number | null = null;
  /** Bumped by every screen announcement: an activation whose screen changed says nothing. */
  #screenToken = 0;
  /** Activations and announcements in progress: what appears meanwhile waits for them. */
  #busy = 0;
  /** Bumped by every keypad action and touch: what an earlier one would say is stale then. */
  #actions = 0;
  #pending: string[] = [];
  /** The text each live region had when last read. */
  #liveSaid = new WeakMap<Element, string>();
  #dialog: HTMLElement | null = null;
  #beforeDialog: CursorRef | null = null;
  #observer: MutationObserver | null = null;
  #reviewTimer: ReturnType<typeof setTimeout> | undefined;
  #lastScannerKey = -Infinity;
  /** The item the last touch landed on: a touch on it again presses it. */
  #touched: HTMLElement | null = null;
  /** A first touch's item: its click is stopped. */
  #blockClick: HTMLElement | null = null;
  /** A second touch's item: its click activates it, and what follows is said. */
  #touchActivation: Activation | null = null;
  #notice: { key: string; facts: Promise<NoticeFacts | null> } | null = null;
  #noticeSaid = false;

  constructor(kiosk: KioskContext) {
    this.#kiosk = kiosk;
  }

  get speech(): boolean {
    return this.#speech;
  }

  /** The element under the cursor (tests and the countdown read it). */
  get cursor(): HTMLElement | null {
    return this.#cursor;
  }

  // ---- What Access.svelte reports ----

  /** Listens to the keys (always: a keypad key turns speech on). */
  attach(win: Window = window): void {
    win.addEventListener("keydown", this.#keydown, true);
  }

  detach(win: Window = window): void {
    win.removeEventListener("keydown", this.#keydown, true);
    this.setSpeech(false, win);
  }

  /** Speech mode as Rust reports it. On: the screen is spoken; off: nothing of it stays. */
  setSpeech(on: boolean, win: Window = window): void {
    if (on === this.#speech) return;
    this.#speech = on;
    if (on) {
      // Touches are looked at only in speech mode: outside it a touch costs nothing extra.
      win.addEventListener("pointerdown", this.#pointerdown, true);
      win.addEventListener("mousedown", this.#mousedown, true);
      win.addEventListener("click", this.#click, true);
      win.addEventListener("focusin", this.#focusin, true);
      this.#observer = new MutationObserver(() => this.#changed());
      this.#observer.observe(win.document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributeFilter: WATCHED_ATTRIBUTES,
      });
      void this.#announce(false);
    } else {
      win.removeEventListener("pointerdown", this.#pointerdown, true);
      win.removeEventListener("mousedown", this.#mousedown, true);
      win.removeEventListener("click", this.#click, true);
      win.removeEventListener("focusin", this.#focusin, true);
      this.#observer?.disconnect();
      this.#observer = null;
      clearTimeout(this.#reviewTimer);
      this.#setCursor(null);
      this.#pending = [];
      this.#dialog = null;
      this.#blockClick = null;
      this.#touchActivation = null;
      this.#screenToken++;
    }
  }

  /** A screen opened (or a new visit began): the cursor starts again, and the screen is spoken. */
  screenChanged(visit: Visit): void {
    if (visit !== this.#visit) {
      // A new visit: the next citizen hears the keypad's help again.
      this.#visit = visit;
      this.#helpSaid = false;
    }
    this.#setCursor(null);
    this.#notice = null;
    this.#noticeSaid = false;
    this.#dialog = null;
    if (this.#speech) void this.#announce(false);
  }

  /** Another language: the screen again in it, the cursor where it is. */
  langChanged(lang: UiLang): void {
    const before = this.#lang;
    this.#lang = lang;
    if (before !== null && before !== lang && this.#speech) void this.#announce(true);
  }

  /** Rust's volume changed (the keypad's + and −): say the new level. */
  volumeChanged(volume: number): void {
    const before = this.#volume;
    this.#volume = volume;
    if (before !== null && before !== volume && this.#speech) {
      speak(this.#kiosk.t("speech-volume", { volume, max: VOLUME_MAX }));
    }
  }

  // ---- Keys ----

  #keydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.isComposing) return;
    const now = performance.now();
    const inField = isTextField(e.target);
    const decision = decideKey(e, { speech: this.#speech, inField, sinceScannerKey: now - this.#lastScannerKey });
    if (decision.kind === "pass") {
      if (!inField && isPrintable(e.key)) this.#lastScannerKey = now;
      return;
    }
    if (decision.kind === "activate") {
      e.preventDefault();
      speechOn();
      return;
    }
    // A dialog that has the focus answers Escape itself (the cancel dialog keeps the audience).
    const dialog = openDialog();
    if (decision.action === "back" && dialog && dialog.contains(e.target as Node)) return;
    e.preventDefault();
    this.#act(decision.action);
  };

  #act(action: KeypadAction): void {
    this.#actions++;
    switch (action) {
      case "select":
        this.#select();
        return;
      case "back":
        this.#back();
        return;
      case "help":
        this.#help();
        return;
      case "volume-up":
      case "volume-down":
        speechControl(action);
        return;
      case "pause":
        speechControl("pause");
        return;
      default:
        this.#move(action);
    }
  }

  /** Next, previous, and the grid's rows and keys. */
  #move(action: KeypadAction): void {
    const items = keypadItems(scopeOf());
    if (items.length === 0) return;
    const current = this.#current(items);
    const forward = FORWARD.includes(action);
    let target: HTMLElement;
    if (!current) {
      target = forward ? (this.#firstOfMain(items) ?? items[0]) : items[items.length - 1];
    } else {
      const at = items.indexOf(current);
      const step = (from: number, by: number) => items[(from + by + items.length) % items.length];
      const grid = gridOf(current);
      if (grid) {
        const keys = items.filter((el) => grid.contains(el));
        const direction =
          action === "up" || action === "down" ? action : forward ? ("right" as const) : ("left" as const);
        const to = gridMove(keys.map(boxOf), keys.indexOf(current), direction);
        target =
          to === "before"
            ? step(items.indexOf(keys[0]), -1)
            : to === "after"
              ? step(items.indexOf(keys[keys.length - 1]), 1)
              : keys[to];
      } else {
        target = step(at, forward ? 1 : -1);
      }
    }
    this.#setCursor(target);
    this.#sayItem(target, items);
  }

  #select(): void {
    const items = keypadItems(scopeOf());
    const el = this.#current(items);
    if (!el) {
      this.#move("next");
      return;
    }
    if (isDisabled(el)) {
      speak(sentences([this.#kiosk.t("speech-unavailable"), this.#describe(el, items)]));
      this.#said = { el, text: this.#describe(el, items, false) };
      return;
    }
    const activation = this.#activation(el);
    this.#blockClick = null;
    if (isTextField(el)) el.focus();
    else el.click();
    void this.#after(activation);
  }

  #back(): void {
    const dialog = openDialog();
    if (dialog) {
      dialog.querySelector<HTMLElement>("[data-keypad-back]")?.click();
      return;
    }
    const back = document.querySelector<HTMLButtonElement>('[data-testid="back"]');
    if (back && !back.disabled && isShown(back)) back.click();
    else speak(this.#kiosk.t("speech-no-back"));
  }

  /** The screen's title and instructions again, and the keypad's help. */
  #help(): void {
    this.#helpSaid = true;
    this.#pending = [];
    speak(sentences([...screenTexts(), this.#kiosk.t("speech-help")]));
  }

  // ---- Touch ----

  #pointerdown = (e: PointerEvent): void => {
    if (!e.isPrimary) return;
    const item = this.#itemAt(e.target);
    if (!item) return;
    this.#actions++;
    if (item === this.#touched && item === this.#cursor) {
      // The second touch: it acts as it always does.
      this.#touchActivation = this.#activation(item);
      this.#blockClick = null;
      return;
    }
    // The first touch only says what is there: no focus, no press.
    e.preventDefault();
    this.#touched = item;
    this.#blockClick = item;
    this.#touchActivation = null;
    this.#setCursor(item, false);
    this.#sayItem(item);
  };

  #mousedown = (e: MouseEvent): void => {
    if (this.#blockClick && this.#blockClick.contains(e.target as Node)) e.preventDefault();
  };

  #click = (e: MouseEvent): void => {
    if (!e.isTrusted) return;
    const item = (e.target as Element | null)?.closest?.<HTMLElement>(ITEM_SELECTOR) ?? null;
    if (this.#blockClick && item === this.#blockClick) {
      e.preventDefault();
      e.stopImmediatePropagation();
      this.#blockClick = null;
      return;
    }
    const activation = this.#touchActivation;
    this.#touchActivation = null;
    if (activation && item === activation.el) void this.#after(activation);
  };

  /** The item a touch landed on, if the cursor may go there. */
  #itemAt(target: EventTarget | null): HTMLElement | null {
    const el = (target as Element | null)?.closest?.<HTMLElement>(ITEM_SELECTOR) ?? null;
    if (!el) return null;
    return keypadItems(scopeOf()).includes(el) ? el : null;
  }

  /** A screen's own focus (a refused field, a dialog's safe answer) takes the cursor along. */
  #focusin = (e: FocusEvent): void => {
    const el = e.target as HTMLElement | null;
    if (!el || el === this.#cursor || !el.matches?.(ITEM_SELECTOR)) return;
    // The on-screen keyboard puts the focus back in its field: the cursor stays on its key.
    if (gridOf(this.#cursor) && isTextField(el)) return;
    if (keypadItems(scopeOf()).includes(el)) this.#setCursor(el);
  };

  // ---- What changes on the page ----

  #changed(): void {
    clearTimeout(this.#reviewTimer);
    this.#reviewTimer = setTimeout(() => this.#review(), 80);
  }

  /** After changes: the cursor found again, a dialog's trap, new notices said. */
  #review(): void {
    if (!this.#speech) return;
    this.#collect();
    if (this.#busy === 0) this.#flush();
  }

  /** Puts what the page has newly shown into the pending utterance. */
  #collect(): void {
    if (this.#cursor && !this.#cursor.isConnected) {
      const items = keypadItems(scopeOf());
      this.#setCursor(this.#refind(this.#ref, items), false);
    }
    this.#trap();
    for (const text of this.#newLive()) this.#pending.push(text);
  }

  /** A dialog keeps the cursor in it; when it goes, the cursor goes back where it was. */
  #trap(): void {
    const dialog = openDialog();
    if (dialog === this.#dialog) return;
    if (dialog) {
      if (!this.#dialog) this.#beforeDialog = this.#ref;
      this.#dialog = dialog;
      const items = keypadItems(dialog);
      if (!this.#cursor || !dialog.contains(this.#cursor)) {
        const focused = items.find((el) => el === document.activeElement);
        this.#setCursor(focused ?? items[0] ?? null);
      }
      if (dialog.dataset.speak === "self") {
        // It speaks for itself (the countdown): its item is not said over it.
        if (this.#cursor) this.#said = { el: this.#cursor, text: this.#describe(this.#cursor, items, false) };
      } else {
        const labelledBy = dialog.getAttribute("aria-labelledby");
        const label = labelledBy ? document.getElementById(labelledBy) : null;
        const text = label ? shownText(label) : (dialog.getAttribute("aria-label") ?? "");
        if (text) this.#pending.push(text);
      }
    } else {
      this.#dialog = null;
      const items = keypadItems(scopeOf());
      const focused = items.find((el) => el === document.activeElement);
      this.#setCursor(focused ?? this.#refind(this.#beforeDialog, items) ?? this.#firstOfMain(items));
      this.#beforeDialog = null;
    }
  }

  /** The texts of live regions that appeared or changed since they were last read. */
  #newLive(): string[] {
    const roots = [document.querySelector("main"), openDialog()].filter((r): r is HTMLElement => r !== null);
    const texts: string[] = [];
    const read: HTMLElement[] = [];
    for (const el of liveRegions(roots)) {
      const text = shownText(el);
      const before = this.#liveSaid.get(el);
      this.#liveSaid.set(el, text);
      // Inside a region read just now: said with it.
      if (read.some((r) => r.contains(el))) continue;
      if (text === "" || text === before) continue;
      read.push(el);
      if (el.hasAttribute("data-speak-notice")) this.#sayWithNotice(text);
      else texts.push(text);
    }
    return texts;
  }

  /** The live regions shown now, marked as read: their texts. */
  #presentLive(): HTMLElement[] {
    const roots = [document.querySelector("main"), openDialog()].filter((r): r is HTMLElement => r !== null);
    const shown: HTMLElement[] = [];
    for (const el of liveRegions(roots)) {
      const text = shownText(el);
      this.#liveSaid.set(el, text);
      if (text !== "" && !shown.some((r) => r.contains(el))) shown.push(el);
    }
    return shown;
  }

  /** The sent screen's word on the notice, then (once) what the notice says. */
  #sayWithNotice(text: string): void {
    const facts = this.#noticeFacts();
    if (!facts || this.#noticeSaid) {
      this.#pending.push(text);
      return;
    }
    this.#noticeSaid = true;
    const token = this.#screenToken;
    this.#busy++;
    void facts
      .then((f) => {
        if (token === this.#screenToken) this.#pending.push(sentences([text, f ? noticeSpeech(f, this.#kiosk.t) : null]));
      })
      .finally(() => {
        this.#busy--;
        if (this.#busy === 0 && this.#speech) this.#flush();
      });
  }

  /** What the sent screen's notice says, asked of Rust once per screen and language. */
  #noticeFacts(): Promise<NoticeFacts | null> | null {
    const screen: Screen = this.#kiosk.screen;
    if (screen.name !== "sent") return null;
    const lang = this.#kiosk.lang;
    const key = `${screen.bookingId}:${lang}`;
    if (this.#notice?.key !== key) {
      this.#notice = { key, facts: noticeFacts(this.#kiosk.session.generation, screen.bookingId, screen.number, lang) };
    }
    return this.#notice.facts;
  }

  /** Says what is pending, and the cursor's item when it moved or changed, in one utterance. */
  #flush(extra: readonly string[] = []): void {
    const parts = [...this.#pending, ...extra];
    this.#pending = [];
    const el = this.#cursor;
    if (el?.isConnected) {
      const items = keypadItems(scopeOf());
      const now = this.#describe(el, items, false);
      if (el !== this.#said.el || now !== this.#said.text) {
        parts.push(this.#describe(el, items));
        this.#said = { el, text: now };
      }
    }
    if (parts.length > 0) speak(sentences(parts));
  }

  // ---- Announcing a screen ----

  /**
   * Says the screen once it has settled: its title, its instructions, the notices on it, the
   * keypad's help (once a visit), and the item the cursor starts on (the first of `main`).
   */
  async #announce(keepCursor: boolean): Promise<void> {
    const token = ++this.#screenToken;
    const actions = this.#actions;
    if (!(await this.#settled(token))) return;
    this.#pending = [];
    const live = this.#presentLive();
    let notice: string | null = null;
    const printed = live.find((el) => el.hasAttribute("data-speak-notice"));
    const facts = printed ? this.#noticeFacts() : null;
    if (facts && !this.#noticeSaid) {
      this.#noticeSaid = true;
      const f = await facts;
      if (token !== this.#screenToken || !this.#speech) return;
      notice = f ? noticeSpeech(f, this.#kiosk.t) : null;
    }
    const dialog = openDialog();
    this.#dialog = dialog;
    const items = keypadItems(scopeOf());
    if (dialog?.dataset.speak === "self") {
      // A dialog that speaks for itself (the countdown) is not talked over: the cursor waits in it.
      this.#setCursor(items[0] ?? null);
      if (this.#cursor) this.#said = { el: this.#cursor, text: this.#describe(this.#cursor, items, false) };
      return;
    }
    let start: HTMLElement | null = null;
    // Where the citizen already moved the cursor meanwhile, it stays.
    if (keepCursor || actions !== this.#actions) start = this.#current(items);
    if (!start) {
      const focused = items.find((el) => el === document.activeElement);
      const main = document.querySelector("main");
      start = (focused && (dialog || main?.contains(focused)) ? focused : null) ?? this.#firstOfMain(items) ?? items[0] ?? null;
    }
    this.#setCursor(start);
    const help = this.#helpSaid ? null : this.#kiosk.t("speech-help");
    this.#helpSaid = true;
    const texts = screenTexts();
    const item = start ? this.#describe(start, items) : null;
    if (start) this.#said = { el: start, text: this.#describe(start, items, false) };
    speak(sentences([...texts, ...live.map(shownText), notice, help, item]));
  }

  // ---- After an activation ----

  #activation(el: HTMLElement): Activation {
    if (isTextField(el)) return { el, kind: "field", echo: null };
    if (!gridOf(el)) return { el, kind: "other", echo: null };
    // A key: what it types is said after it; keys that edit (delete, move) say the field's text.
    const id = el.dataset.testid ?? "";
    const edits = id === "key-backspace" || id === "key-left" || id === "key-right";
    const toggles = el.hasAttribute("aria-pressed");
    return { el, kind: "key", echo: edits ? "" : toggles ? null : spokenName(nameOf(el), this.#kiosk.t) };
  }

  /**
   * Waits for the page to settle (held as busy meanwhile, so nothing queued is said early);
   * whether the screen of `token` is still the one shown, in speech mode.
   */
  async #settled(token: number): Promise<boolean> {
    this.#busy++;
    try {
      await settle();
    } finally {
      this.#busy--;
    }
    return token === this.#screenToken && this.#speech;
  }

  /** Once the page has settled after an activation, says what came of it (unless a new screen speaks). */
  async #after(activation: Activation): Promise<void> {
    const token = this.#screenToken;
    const actions = this.#actions;
    if (!(await this.#settled(token))) return;
    this.#collect();
    const extra: string[] = [];
    if (actions !== this.#actions) {
      // The citizen has moved on: only what appeared is said, not the echo of the last press.
    } else if (activation.kind === "field") {
      // The field has the focus, and its on-screen keyboard is up: the cursor goes to its keys.
      const grid = [...scopeOf().querySelectorAll<HTMLElement>(GRID_SELECTOR)].find(isShown);
      const items = keypadItems(scopeOf());
      const first = grid ? items.find((el) => grid.contains(el)) : undefined;
      if (grid && first) {
        extra.push(this.#describe(activation.el, items), nameOf(grid));
        this.#setCursor(first);
      }
    } else if (activation.kind === "key" && activation.echo !== null) {
      const field = document.activeElement;
      extra.push(
        activation.echo !== ""
          ? activation.echo
          : isTextField(field) && field.value.trim() !== ""
            ? field.value
            : this.#kiosk.t("speech-state-empty"),
      );
    }
    if (this.#busy === 0) this.#flush(extra);
    else this.#pending.push(...extra);
  }

  // ---- The cursor ----

  #setCursor(el: HTMLElement | null, scroll = true): void {
    if (this.#cursor !== el) this.#cursor?.removeAttribute("data-keypad-cursor");
    // A touch presses only what the last touch said.
    if (el !== this.#touched) this.#touched = null;
    this.#cursor = el;
    if (!el) {
      this.#ref = null;
      return;
    }
    el.setAttribute("data-keypad-cursor", "");
    if (scroll) el.scrollIntoView({ block: "nearest" });
    const items = keypadItems(scopeOf());
    const testid = el.dataset.testid ?? null;
    this.#ref = {
      testid,
      nth: testid ? items.filter((i) => i.dataset.testid === testid).indexOf(el) : 0,
      index: items.indexOf(el),
    };
  }

  /** The cursor's item among `items`, found again if it was rendered anew; null if none. */
  #current(items: readonly HTMLElement[]): HTMLElement | null {
    if (this.#cursor && items.includes(this.#cursor)) return this.#cursor;
    const found = this.#refind(this.#ref, items);
    this.#setCursor(found);
    return found;
  }

  #refind(ref: CursorRef | null, items: readonly HTMLElement[]): HTMLElement | null {
    if (!ref || items.length === 0) return null;
    if (ref.testid) {
      const same = items.filter((i) => i.dataset.testid === ref.testid);
      const found = same[Math.min(Math.max(ref.nth, 0), same.length - 1)];
      if (found) return found;
    }
    return ref.index >= 0 ? items[Math.min(ref.index, items.length - 1)] : null;
  }

  #firstOfMain(items: readonly HTMLElement[]): HTMLElement | null {
    const main = document.querySelector("main");
    return items.find((el) => main?.contains(el)) ?? null;
  }

  #describe(el: HTMLElement, items: readonly HTMLElement[], withPosition = true): string {
    const at = items.indexOf(el);
    return describeItem(itemInfo(el, at + 1, items.length), this.#kiosk.t, withPosition);
  }

  /** Says `el` at once (a move, a first touch): it interrupts whatever was said. */
  #sayItem(el: HTMLElement, items: readonly HTMLElement[] = keypadItems(scopeOf())): void {
    this.#pending = [];
    speak(this.#describe(el, items));
    this.#said = { el, text: this.#describe(el, items, false) };
  }
}
