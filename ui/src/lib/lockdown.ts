// Citizen screens offer no context menu, no text selection, no pinch or double-tap zoom and no
// drag-out. CSS does most of it (app.css); these listeners close what CSS cannot.
export function lockDown(doc: Document): void {
  const block = (e: Event) => e.preventDefault();
  doc.addEventListener("contextmenu", block);
  doc.addEventListener("selectstart", block);
  doc.addEventListener("dragstart", block);
  // WebKit's pinch gestures.
  doc.addEventListener("gesturestart", block);
  doc.addEventListener("gesturechange", block);
  // Ctrl + wheel zoom.
  doc.addEventListener("wheel", (e) => (e as WheelEvent).ctrlKey && e.preventDefault(), { passive: false });
  // Two-finger pinch on touch screens.
  doc.addEventListener("touchmove", (e) => (e as TouchEvent).touches.length > 1 && e.preventDefault(), {
    passive: false,
  });
  // Browser shortcuts that would reload, print, find or zoom.
  doc.addEventListener("keydown", (e) => {
    const k = e.key.toLowerCase();
    const withCtrl = e.ctrlKey || e.metaKey;
    if (k === "f5" || k === "f12" || (withCtrl && ["r", "p", "f", "g", "u", "s", "+", "-", "=", "0"].includes(k))) {
      e.preventDefault();
    }
  });
}
