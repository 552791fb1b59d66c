// Moving the keypad's cursor inside a grid (the on-screen keyboard): its keys in rows as they
// are laid out, Up/Down to the nearest key of the row above or below, Left/Right key by key.
// Pure: boxes in, an index out, so that it is tested without a page.

/** Where an item is on the screen (CSS pixels). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a move inside a grid leads: another of its items, or out before or after it. */
export type GridTarget = number | "before" | "after";

/**
 * The rows of a grid: the indexes of its boxes (in DOM order, which is reading order), a new row
 * starting with a box whose middle is below the bottom of the row so far.
 */
export function gridRows(boxes: readonly Box[]): number[][] {
  const rows: number[][] = [];
  let bottom = -Infinity;
  boxes.forEach((b, i) => {
    const middle = b.y + b.h / 2;
    if (rows.length === 0 || middle > bottom) {
      rows.push([i]);
      bottom = b.y + b.h;
    } else {
      rows[rows.length - 1].push(i);
      bottom = Math.max(bottom, b.y + b.h);
    }
  });
  return rows;
}

/**
 * Where `direction` leads from box `from`: up and down to the key of the next row whose middle is
 * nearest (horizontally) to this one's, left and right to the key before or after it; past the
 * first row or key "before", past the last "after".
 */
export function gridMove(boxes: readonly Box[], from: number, direction: "up" | "down" | "left" | "right"): GridTarget {
  if (direction === "left") return from > 0 ? from - 1 : "before";
  if (direction === "right") return from < boxes.length - 1 ? from + 1 : "after";
  const rows = gridRows(boxes);
  const row = rows.findIndex((r) => r.includes(from));
  const next = row + (direction === "down" ? 1 : -1);
  if (next < 0) return "before";
  if (next >= rows.length) return "after";
  const centre = (i: number) => boxes[i].x + boxes[i].w / 2;
  const x = centre(from);
  return rows[next].reduce((best, i) => (Math.abs(centre(i) - x) < Math.abs(centre(best) - x) ? i : best));
}
