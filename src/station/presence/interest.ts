import { CELL_PX } from './presence.frames.ts';

// Interest management: the station is cut into square cells (CELL_PX); a
// visitor hears the visitors in its own cell and the 8 around it. A cell is
// one number (its column and row, each shifted by one so the neighbours of
// the first row and column stay non-negative).

const ROW = 65536;

export const cellKey = (column: number, row: number): number => (column + 1) * ROW + (row + 1);
export const columnOf = (cell: number): number => Math.floor(cell / ROW) - 1;
export const rowOf = (cell: number): number => (cell % ROW) - 1;

/** The cell a position (in pixels, non-negative) falls in. */
export function cellOf(x: number, y: number): number {
  return cellKey(Math.min(ROW - 3, Math.floor(x / CELL_PX)), Math.min(ROW - 3, Math.floor(y / CELL_PX)));
}

/** A cell and its 8 neighbours. */
export function neighbourhood(cell: number): number[] {
  const c = columnOf(cell);
  const r = rowOf(cell);
  const out: number[] = [];
  for (let dc = -1; dc <= 1; dc++) for (let dr = -1; dr <= 1; dr++) out.push(cellKey(c + dc, r + dr));
  return out;
}

/** Whether two cells are the same or touch (a visitor in one hears a visitor in the other). */
export function near(a: number, b: number): boolean {
  return Math.abs(columnOf(a) - columnOf(b)) <= 1 && Math.abs(rowOf(a) - rowOf(b)) <= 1;
}

/** Whether two positions are within `radius` pixels of each other. */
export function within(ax: number, ay: number, bx: number, by: number, radius: number): boolean {
  const dx = ax - bx;
  const dy = ay - by;
  return dx * dx + dy * dy <= radius * radius;
}
