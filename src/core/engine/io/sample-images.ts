import sharp, { type Sharp } from 'sharp';
import { gridCellOrigin, gridSize, type GridLayout } from '../../../shared/sample-grid';
import { createToyBatchSource, TOY_DATASETS, type ToyDatasetName } from '../data';

export { gridSize, type GridLayout };

/**
 * Snapshots as PNG files: a grid of generated images, or for 2-D runs a scatter plot of real and
 * generated points. Both are rendered in the trainer process, off the host's event loop.
 */

const GAP_VALUE = 24;

/** Maps G's tanh output in [−1, 1] to bytes: round((v + 1) · 127.5), clamped. */
function toByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round((value + 1) * 127.5)));
}

/** G's outputs (N×H×W×C in [−1, 1]) as bytes, same layout. */
export function toPixelBytes(data: Float32Array): Uint8Array {
  return Uint8Array.from(data, toByte);
}

/** Raw interleaved pixels, row-major, as sharp takes them. */
export interface RawImage {
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/**
 * `bytes` (N×H×W×C, row-major, as `toPixelBytes` gives) laid out left to right, top to bottom, each
 * image scaled up by nearest neighbour; gaps and unused cells are dark grey.
 */
export function layoutGrid(bytes: Uint8Array, shape: readonly number[], layout: GridLayout = {}): RawImage {
  const [n = 0, h = 0, w = 0, c = 0] = shape;
  const { scale = 1 } = layout;
  const { width, height } = gridSize(n, h, w, layout);
  const pixels = new Uint8Array(width * height * c).fill(GAP_VALUE);
  for (let i = 0; i < n; i++) {
    const [left, top] = gridCellOrigin(i, n, h, w, layout);
    for (let y = 0; y < h * scale; y++) {
      const source = (i * h + Math.floor(y / scale)) * w * c;
      const target = ((top + y) * width + left) * c;
      for (let x = 0; x < w * scale; x++) {
        const from = source + Math.floor(x / scale) * c;
        for (let k = 0; k < c; k++) pixels[target + x * c + k] = bytes[from + k] ?? 0;
      }
    }
  }
  return { pixels, width, height, channels: c };
}

function rawInput(image: RawImage, pageHeight?: number): Sharp {
  const raw = { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 };
  return sharp(image.pixels, { raw: pageHeight === undefined ? raw : { ...raw, pageHeight } });
}

/** A raw image as PNG; one channel stays grayscale. */
export function encodePng(image: RawImage): Promise<Buffer> {
  const input = rawInput(image);
  return (image.channels === 1 ? input.toColourspace('b-w') : input).png().toBuffer();
}

/**
 * Equally sized frames as a looping animated GIF, each shown `delayMs`. Frames that repeat are kept
 * (libvips would merge them), so the frame count is always the one asked for.
 */
export function encodeGif(frames: readonly RawImage[], delayMs: number): Promise<Buffer> {
  const first = frames[0];
  if (!first) throw new Error('a GIF needs at least one frame');
  const frameBytes = first.pixels.length;
  const stacked = new Uint8Array(frameBytes * frames.length);
  frames.forEach((frame, i) => stacked.set(frame.pixels, i * frameBytes));
  const image: RawImage = { ...first, pixels: stacked, height: first.height * frames.length };
  return rawInput(image, first.height)
    .gif({ delay: frames.map(() => delayMs), loop: 0, keepDuplicateFrames: true })
    .toBuffer();
}

/** `data` is N×H×W×C, row-major. The grid is as square as N allows. */
export async function renderImageGrid(data: Float32Array, shape: readonly number[]): Promise<Buffer> {
  return encodePng(layoutGrid(toPixelBytes(data), shape));
}

export interface PlotOptions {
  /** Half-width of the square view around the origin. */
  readonly extent: number;
  readonly modes?: readonly (readonly [number, number])[];
  readonly real?: Float32Array;
}

/** A 512-px scatter of N×2 points (generated in colour, real in grey, modes as rings), as PNG. */
export async function renderPointsPlot(points: Float32Array, options: PlotOptions): Promise<Buffer> {
  const size = 512;
  const scale = size / (2 * options.extent);
  const px = (v: number): string => ((v + options.extent) * scale).toFixed(1);
  const py = (v: number): string => ((options.extent - v) * scale).toFixed(1);
  const dots = (xs: Float32Array, fill: string, radius: number): string => {
    const parts: string[] = [];
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const x = xs[i] ?? 0;
      const y = xs[i + 1] ?? 0;
      if (Math.abs(x) > options.extent || Math.abs(y) > options.extent) continue;
      parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="${radius}" fill="${fill}"/>`);
    }
    return parts.join('');
  };
  const modes = (options.modes ?? [])
    .map(
      ([x, y]) => `<circle cx="${px(x)}" cy="${py(y)}" r="6" fill="none" stroke="#9aa0a6" stroke-width="1"/>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
<rect width="100%" height="100%" fill="#ffffff"/>${options.real ? dots(options.real, '#c4c7cc', 1.5) : ''}${modes}${dots(points, '#5b5bd6', 1.6)}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A 2-D run's generated points over a built-in set: 1,000 real points (always the same ones) in grey,
 * the modes as rings, the view wide enough for every mode.
 */
export function renderToyPointsPlot(name: ToyDatasetName, points: Float32Array): Promise<Buffer> {
  const info = TOY_DATASETS[name];
  const extent = Math.max(...info.modes.flat().map(Math.abs)) * 1.4;
  const real = createToyBatchSource(name, { seed: 1 }).nextBatch(1000).x;
  return renderPointsPlot(points, { extent, modes: info.modes, real });
}
