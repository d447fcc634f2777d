import type { PlaygroundFrame } from '@renderer/composables/use-playground-session';
import { SERIES_COLOURS } from './charts';
import { surfaceColour, surfacePosition } from './playground-colours';

/** The layers a person can switch on and off. */
export interface PlaygroundLayers {
  heatmap: boolean;
  real: boolean;
  fake: boolean;
  grid: boolean;
  arrows: boolean;
}

/** Data coordinates ⇄ canvas pixels for a square view of [−extent, extent]² drawn size×size. */
export interface PlaneView {
  readonly extent: number;
  readonly size: number;
}

export function toCanvas(view: PlaneView, x: number, y: number): [number, number] {
  const scale = view.size / (2 * view.extent);
  return [(x + view.extent) * scale, (view.extent - y) * scale];
}

export function toPlane(view: PlaneView, px: number, py: number): [number, number] {
  const scale = (2 * view.extent) / view.size;
  return [px * scale - view.extent, view.extent - py * scale];
}

/** D's surface: the frame's grid as an image, scaled up smoothly over the whole view. */
export function drawHeatmap(ctx: CanvasRenderingContext2D, view: PlaneView, frame: PlaygroundFrame): void {
  const { size, values, kind, min, max } = frame.heatmap;
  const image = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const value = values[i];
    const [r, g, b] = surfaceColour(
      typeof value !== 'number' ? Number.NaN : surfacePosition(value, kind, min, max),
    );
    image.data.set([r, g, b, 255], i * 4);
  }
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  tile.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, 0, 0, view.size, view.size);
}

/** Each mode's high-quality zone (3σ, PacGAN's rule): samples inside count towards coverage. */
export function drawModes(
  ctx: CanvasRenderingContext2D,
  view: PlaneView,
  modes: readonly (readonly [number, number])[],
  sigma: number,
): void {
  const radius = Math.max(2, (3 * sigma * view.size) / (2 * view.extent));
  ctx.strokeStyle = 'rgba(40, 40, 48, 0.55)';
  ctx.lineWidth = 1;
  for (const [x, y] of modes) {
    const [px, py] = toCanvas(view, x, y);
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.stroke();
  }
}

export function drawPoints(
  ctx: CanvasRenderingContext2D,
  view: PlaneView,
  points: readonly (number | null)[],
  colour: string,
  radius: number,
): void {
  ctx.fillStyle = colour;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    const [px, py] = toCanvas(view, x, y);
    ctx.fillRect(px - radius, py - radius, 2 * radius, 2 * radius);
  }
}

/** G's image of the noise grid: the latent plane's mesh, bent by the generator. */
export function drawNoiseGrid(ctx: CanvasRenderingContext2D, view: PlaneView, frame: PlaygroundFrame): void {
  const { rows, cols, points } = frame.noiseGrid;
  const at = (r: number, c: number): [number, number] | null => {
    const x = points[2 * (r * cols + c)];
    const y = points[2 * (r * cols + c) + 1];
    return typeof x === 'number' && typeof y === 'number' ? toCanvas(view, x, y) : null;
  };
  ctx.strokeStyle = 'rgba(91, 91, 214, 0.45)';
  ctx.lineWidth = 1;
  const line = (a: [number, number] | null, b: [number, number] | null) => {
    if (!a || !b) return;
    ctx.beginPath();
    ctx.moveTo(...a);
    ctx.lineTo(...b);
    ctx.stroke();
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) line(at(r, c), at(r, c + 1));
      if (r + 1 < rows) line(at(r, c), at(r + 1, c));
    }
  }
}

/**
 * G's gradient arrows, scaled together so the longest is a tenth of the view: their directions and
 * relative lengths are what matter. Answers the longest gradient's norm (shown beside the plot), which
 * is how a saturated minimax loss shows itself: the arrows point the right way but are ~0 long.
 */
export function drawArrows(ctx: CanvasRenderingContext2D, view: PlaneView, frame: PlaygroundFrame): number {
  const a = frame.arrows;
  let longest = 0;
  for (let i = 0; i + 3 < a.length; i += 4) {
    const n = Math.hypot(a[i + 2] ?? 0, a[i + 3] ?? 0);
    if (Number.isFinite(n)) longest = Math.max(longest, n);
  }
  if (longest === 0) return 0;
  const scale = (0.1 * 2 * view.extent) / longest;
  ctx.strokeStyle = SERIES_COLOURS.d;
  ctx.fillStyle = SERIES_COLOURS.d;
  ctx.lineWidth = 1.25;
  for (let i = 0; i + 3 < a.length; i += 4) {
    const [x, y, dx, dy] = [a[i], a[i + 1], a[i + 2], a[i + 3]];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    if (typeof dx !== 'number' || typeof dy !== 'number') continue;
    const [x0, y0] = toCanvas(view, x, y);
    const [x1, y1] = toCanvas(view, x + dx * scale, y + dy * scale);
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < 0.5) continue;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    const angle = Math.atan2(y1 - y0, x1 - x0);
    const head = Math.min(6, length / 2);
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
    ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
    ctx.closePath();
    ctx.fill();
  }
  return longest;
}
