import sharp from 'sharp';

/**
 * Snapshots as PNG files: a grid of generated images, or for 2-D runs a scatter plot of real and
 * generated points. Both are rendered in the trainer process, off the host's event loop.
 */

const GAP = 2;
const GAP_VALUE = 24;

/** Maps G's tanh output in [−1, 1] to bytes: round((v + 1) · 127.5), clamped. */
function toByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round((value + 1) * 127.5)));
}

/** `data` is N×H×W×C, row-major. The grid is as square as N allows. */
export async function renderImageGrid(data: Float32Array, shape: readonly number[]): Promise<Buffer> {
  const [n = 0, h = 0, w = 0, c = 0] = shape;
  const columns = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / columns);
  const width = columns * w + (columns + 1) * GAP;
  const height = rows * h + (rows + 1) * GAP;
  const pixels = new Uint8Array(width * height * c).fill(GAP_VALUE);
  for (let i = 0; i < n; i++) {
    const left = GAP + (i % columns) * (w + GAP);
    const top = GAP + Math.floor(i / columns) * (h + GAP);
    for (let y = 0; y < h; y++) {
      const source = (i * h + y) * w * c;
      const target = ((top + y) * width + left) * c;
      for (let k = 0; k < w * c; k++) pixels[target + k] = toByte(data[source + k] ?? 0);
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: c as 1 | 3 } });
  return (c === 1 ? image.toColourspace('b-w') : image).png().toBuffer();
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
