// What the keypad's cursor can reach on the page, and what each item says about itself: read
// from the DOM as it stands (roles, ARIA states, labels, visible text), in document order. The
// screens mark what speech mode reads besides their items:
// - `data-speak="title"`: the screen's title (the nav bar's, the welcome screen's greeting);
// - `data-speak="instructions"`: what the screen asks or tells, read after the title;
// - `data-speak="refusal"`: a field's refusal, read when it appears (as role=alert is);
// - `data-speak="self"`: a part that speaks for itself (the countdown): not read as a live region;
// - `data-speak-notice`: the sent screen's word on the notice, after which its content is read;
// - `data-keypad-grid`: a grid of keys (the on-screen keyboard), moved in by rows;
// - `data-keypad-back`: in a dialog, what the keypad's Back presses (the safe answer).
import { type Box } from "./grid";
import { clean, linesAsSentences, type ItemInfo, type ItemRole } from "./describe";

export const ITEM_SELECTOR = [
  "button",
  "input:not([type=hidden])",
  "textarea",
  "select",
  "a[href]",
  "[role=button]",
  "[role=link]",
  "[role=tab]",
  "[role=option]",
  "[role=radio]",
  "[role=checkbox]",
  "[role=switch]",
].join(", ");
export const DIALOG_SELECTOR = "[role=dialog], [role=alertdialog]";
export const GRID_SELECTOR = "[data-keypad-grid]";
export const LIVE_SELECTOR = '[role=alert], [role=status], [aria-live]:not([aria-live="off"]), [data-speak="refusal"]';
/** The ARIA and HTML attributes whose change may change what an item or a notice says. */
export const WATCHED_ATTRIBUTES = [
  "aria-checked",
  "aria-pressed",
  "aria-selected",
  "aria-current",
  "aria-disabled",
  "aria-invalid",
  "aria-busy",
  "disabled",
  "hidden",
  "inert",
  "role",
];

/** Whether `el` is on the screen (laid out and not hidden). */
export function isShown(el: Element): boolean {
  if (el.getClientRects().length === 0) return false;
  return getComputedStyle(el).visibility !== "hidden";
}

const NOT_TEXT = new Set(["button", "submit", "reset", "checkbox", "radio", "hidden", "image", "file", "range", "color"]);

/** A field text is typed into. */
export function isTextField(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !NOT_TEXT.has(el.type);
}

/** Disabled for good (a `disabled` control); an aria-disabled one still answers a press. */
export function isDisabled(el: Element): boolean {
  return (el as HTMLButtonElement).disabled === true;
}

/** The dialog shown on top (the last in the document), which keeps the cursor in it. */
export function openDialog(doc: Document = document): HTMLElement | null {
  const shown = [...doc.querySelectorAll<HTMLElement>(DIALOG_SELECTOR)].filter(isShown);
  return shown.at(-1) ?? null;
}

/** Where the cursor may go now: the open dialog, else the whole kiosk. */
export function scopeOf(doc: Document = document): HTMLElement {
  return openDialog(doc) ?? doc.querySelector<HTMLElement>(".kiosk") ?? doc.body;
}

/** The keypad's items in `root`, in document order: shown, not inert, not inside another item. */
export function keypadItems(root: ParentNode = scopeOf()): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(ITEM_SELECTOR)].filter(
    (el) => !el.closest("[inert], [aria-hidden='true']") && !el.parentElement?.closest(ITEM_SELECTOR) && isShown(el),
  );
}

/** The grid `el` is a key of, or null. */
export function gridOf(el: Element | null): HTMLElement | null {
  return el?.closest<HTMLElement>(GRID_SELECTOR) ?? null;
}

export function boxOf(el: Element): Box {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, w: r.width, h: r.height };
}

/** Labels of the value after them (a `dt`, a `.label`): "Status: Booked", not "Status. Booked". */
const LABELS = "dt, .label";

/** The text `el` shows, its lines as sentences (a label's line joined to its value's). */
export function shownText(el: HTMLElement): string {
  const labels = new Set(
    [...(el.matches(LABELS) ? [el] : []), ...el.querySelectorAll<HTMLElement>(LABELS)].map((l) => clean(l.innerText)),
  );
  return linesAsSentences(el.innerText ?? el.textContent ?? "", labels);
}

/** The texts of the elements `ids` (space-separated) names, as sentences. */
function textOfIds(doc: Document, ids: string): string {
  return ids
    .split(/\s+/)
    .map((id) => doc.getElementById(id))
    .filter((e): e is HTMLElement => e !== null && isShown(e))
    .map(shownText)
    .filter((s) => s.length > 0)
    .join(" ");
}

/** An item's accessible name: aria-labelledby, aria-label, its label (a field), its visible text. */
export function nameOf(el: HTMLElement): string {
  const labelledBy = el.getAttribute("aria-labelledby");
  if (labelledBy) {
    const text = textOfIds(el.ownerDocument, labelledBy);
    if (text) return text;
  }
  const label = el.getAttribute("aria-label")?.trim();
  if (label) return label;
  if (isTextField(el)) {
    const labels = [...(el.labels ?? [])].map(shownText).filter((s) => s.length > 0);
    if (labels.length > 0) return labels.join(" ");
    return el.placeholder || el.title || "";
  }
  return shownText(el) || el.title || "";
}

export function roleOf(el: HTMLElement): ItemRole {
  const role = el.getAttribute("role");
  if (gridOf(el) && (el.tagName === "BUTTON" || role === "button")) return "key";
  switch (role) {
    case "tab":
      return "tab";
    case "radio":
    case "option":
      return "choice";
    case "checkbox":
      return "checkbox";
    case "switch":
      return "switch";
    case "link":
      return "link";
    case "button":
      return "button";
  }
  if (isTextField(el)) return "field";
  if (el instanceof HTMLInputElement && el.type === "checkbox") return "checkbox";
  if (el.tagName === "A") return "link";
  return "button";
}

const truth = (value: string | null): boolean | null => (value === "true" ? true : value === "false" ? false : null);

/** What the page says about `el`, the `position`-th of `total` items. */
export function itemInfo(el: HTMLElement, position: number, total: number): ItemInfo {
  const role = roleOf(el);
  const aria = (name: string) => el.getAttribute(name);
  const current = aria("aria-current");
  const pressedOrCurrent = truth(aria("aria-pressed")) === true || (current !== null && current !== "false") ? true : null;
  const info: ItemInfo = { name: nameOf(el), role, position, total };
  if (role === "choice") info.selected = truth(aria("aria-checked") ?? aria("aria-selected"));
  else if (role === "tab") info.selected = truth(aria("aria-selected")) === true || pressedOrCurrent === true;
  else if (role === "checkbox") info.checked = el instanceof HTMLInputElement ? el.checked : truth(aria("aria-checked"));
  else if (role === "switch") info.on = truth(aria("aria-checked"));
  else info.selected = pressedOrCurrent;
  info.unavailable = isDisabled(el) || aria("aria-disabled") === "true";
  info.invalid = aria("aria-invalid") === "true";
  if (isTextField(el)) info.value = el.value;
  const describedBy = aria("aria-describedby");
  if (describedBy) {
    const text = textOfIds(el.ownerDocument, describedBy);
    if (text) info.description = text;
  }
  return info;
}

/** The screen's title and instructions, as shown now. */
export function screenTexts(doc: Document = document): string[] {
  return [...doc.querySelectorAll<HTMLElement>('[data-speak="title"], [data-speak="instructions"]')]
    .filter(isShown)
    .sort((a, b) => (a.dataset.speak === b.dataset.speak ? 0 : a.dataset.speak === "title" ? -1 : 1))
    .map(shownText);
}

/**
 * The live regions (alerts, statuses, refusals) under `roots`, in document order, but not those
 * inside a part that speaks for itself.
 */
export function liveRegions(roots: readonly ParentNode[]): HTMLElement[] {
  return roots
    .flatMap((root) => [...root.querySelectorAll<HTMLElement>(LIVE_SELECTOR)])
    .filter((el) => !el.closest('[data-speak="self"]') && isShown(el));
}

/**
 * Resolves once the page has stopped changing for `quietMs` (a screen rendered, a list loaded),
 * or after `maxMs` whatever happens.
 */
export function settle(quietMs = 120, maxMs = 1500, root: Node = document.body): Promise<void> {
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout>;
    const done = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(limit);
      resolve();
    };
    const observer = new MutationObserver(() => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    });
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributeFilter: WATCHED_ATTRIBUTES });
    quiet = setTimeout(done, quietMs);
    const limit = setTimeout(done, maxMs);
  });
}
