import { Rng } from '../../engine/random';

/**
 * The built-in `shapes` dataset: coloured circles, squares and triangles on plain backgrounds, drawn
 * procedurally from a seed (no download, any resolution). Three classes, so it exercises conditional
 * GANs too; small and regular enough that a DCGAN visibly learns it in minutes on a CPU.
 */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle'] as const;

export interface ShapesOptions {
  readonly resolution: number;
  readonly count: number;
  readonly seed?: number;
  /** 3 (RGB, default) or 1 (grayscale). */
  readonly channels?: 1 | 3;
}

export interface GeneratedImages {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly images: Uint8Array;
  readonly labels: Uint32Array;
  readonly classNames: readonly string[];
}

/** Saturated colours, so shapes stand out from the muted backgrounds. */
function hueToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const f = (n: number): number => {
    const k = (n + hue * 12) % 12;
    const a = saturation * Math.min(lightness, 1 - lightness);
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Is (x, y) inside the shape centred at (cx, cy) with radius r? (pixel-centre sampling) */
function inside(kind: number, x: number, y: number, cx: number, cy: number, r: number): boolean {
  const dx = x - cx;
  const dy = y - cy;
  if (kind === 0) return dx * dx + dy * dy <= r * r;
  if (kind === 1) return Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
  // Upright triangle with apex at the top: inside when below both slanted edges and above the base.
  const top = cy - r;
  const base = cy + r * 0.8;
  if (y < top || y > base) return false;
  const halfWidth = ((y - top) / (base - top)) * r;
  return Math.abs(dx) <= halfWidth;
}

export function generateShapes(options: ShapesOptions): GeneratedImages {
  const { resolution: size, count } = options;
  const channels = options.channels ?? 3;
  const rng = new Rng(options.seed ?? 20_261_130);
  const images = new Uint8Array(count * size * size * channels);
  const labels = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const kind = rng.int(SHAPE_CLASSES.length);
    labels[i] = kind;
    const background = hueToRgb(rng.uniform(), 0.25, 0.2 + 0.15 * rng.uniform());
    const colour = hueToRgb(rng.uniform(), 0.85, 0.55 + 0.15 * rng.uniform());
    const r = size * (0.22 + 0.16 * rng.uniform());
    const cx = r + rng.uniform() * (size - 2 * r);
    const cy = r + rng.uniform() * (size - 2 * r);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const rgb = inside(kind, x + 0.5, y + 0.5, cx, cy, r) ? colour : background;
        const offset = ((i * size + y) * size + x) * channels;
        if (channels === 1) images[offset] = Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
        else images.set(rgb, offset);
      }
    }
  }
  return { height: size, width: size, channels, images, labels, classNames: SHAPE_CLASSES };
}
