/**
 * Where each image sits in a snapshot's contact sheet (the PNG the trainer writes): the trainer lays
 * samples out with this, and the UI finds the sample under a click with it.
 */
export const GRID_GAP = 2;

export interface GridLayout {
  /** Images per row; default as square as N allows (⌈√N⌉). */
  readonly columns?: number;
  /** Pixels between and around images (default 2); 0 for none. */
  readonly gap?: number;
  /** Nearest-neighbour upscale: every pixel becomes a scale × scale block (default 1). */
  readonly scale?: number;
}

/** The size of a grid of `n` images of h×w laid out as `layout` says. */
export function gridSize(
  n: number,
  h: number,
  w: number,
  layout: GridLayout = {},
): { columns: number; rows: number; width: number; height: number } {
  const { gap = GRID_GAP, scale = 1 } = layout;
  const columns = Math.max(1, Math.min(n, layout.columns ?? Math.ceil(Math.sqrt(n))));
  const rows = Math.ceil(n / columns);
  return {
    columns,
    rows,
    width: columns * w * scale + (columns + 1) * gap,
    height: rows * h * scale + (rows + 1) * gap,
  };
}

/** The top-left pixel of image `i` in the grid. */
export function gridCellOrigin(
  i: number,
  n: number,
  h: number,
  w: number,
  layout: GridLayout = {},
): [number, number] {
  const { gap = GRID_GAP, scale = 1 } = layout;
  const { columns } = gridSize(n, h, w, layout);
  return [gap + (i % columns) * (w * scale + gap), gap + Math.floor(i / columns) * (h * scale + gap)];
}

/** The image under grid pixel (x, y), or null on a gap or an empty cell. */
export function gridCellAt(
  x: number,
  y: number,
  n: number,
  h: number,
  w: number,
  layout: GridLayout = {},
): number | null {
  const { gap = GRID_GAP, scale = 1 } = layout;
  const { columns } = gridSize(n, h, w, layout);
  const column = Math.floor((x - gap) / (w * scale + gap));
  const row = Math.floor((y - gap) / (h * scale + gap));
  if (column < 0 || row < 0 || column >= columns) return null;
  const [left, top] = gridCellOrigin(row * columns + column, n, h, w, layout);
  if (x < left || y < top || x >= left + w * scale || y >= top + h * scale) return null;
  const index = row * columns + column;
  return index < n ? index : null;
}
