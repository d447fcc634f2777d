import type { ParsedInput } from '../../shared/api/contract';
import { StudioError } from '../../shared/api/errors';
import type { ArchitectureSpec } from '../../shared/engine/architecture';
import { gridSize } from '../engine/io/sample-images';

/**
 * What an image export will write, worked out before anything runs: the host checks the request with it
 * (a bad one is refused before a process starts) and the export process follows it. Pure.
 */
export type ImageExportOptions = Omit<
  ParsedInput<'exports.images'>,
  'runId' | 'exportId' | 'checkpoint' | 'outDir'
>;

/** Longest side of a composite image (sheet, strip, GIF frame), so none becomes a gigapixel file. */
export const MAX_COMPOSITE_SIDE = 8192;

/** One frame every 80 ms: a 16-step walk there and back takes about 2.4 s. */
export const GIF_FRAME_MS = 80;

export interface ImageExportPlan {
  readonly options: ImageExportOptions;
  readonly sample:
    | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly channels: number }
    | { readonly kind: 'points'; readonly dims: number };
  readonly latentSize: number;
  readonly numClasses: number;
  /** One file per sample (image runs), in order, with the class it was generated for. */
  readonly images: readonly { readonly file: string; readonly label: number | null }[];
  /** Scale of the contact sheet: the upscale, or less where the sheet would be too large; null: none. */
  readonly gridScale: number | null;
  /** The class of each row of the interpolation strip (one row per class when none is chosen). */
  readonly interpolationRows: readonly (number | null)[];
  readonly interpolationScale: number | null;
  readonly gifScale: number | null;
  /** Units of `export.progress`: one per sample generated, one per composite file written. */
  readonly total: number;
}

const refuse = (message: string): never => {
  throw new StudioError('invalid_input', message);
};

/** What a plan needs of a generator: its noise, classes and output (a run's architecture has them). */
export type SampledSpec = Pick<ArchitectureSpec, 'latentSize' | 'numClasses' | 'data'>;

/** `subject` names what is sampled in refusals: a run, or an exported generator. */
export function planImageExport(
  spec: SampledSpec,
  options: ImageExportOptions,
  subject: 'run' | 'generator' = 'run',
): ImageExportPlan {
  const { numClasses, latentSize } = spec;
  const { count, classIndex, interpolation: steps } = options;
  if (classIndex !== null && numClasses === 0)
    refuse(`This ${subject} is not conditional (it has no classes), so no class can be chosen.`);
  if (classIndex !== null && classIndex >= numClasses) {
    refuse(
      `There is no class ${classIndex}: this ${subject} has ${numClasses} classes, numbered 0 to ${numClasses - 1}.`,
    );
  }
  if (spec.data.kind === 'points') {
    if (steps > 0 || options.gif || options.upscale > 1) {
      refuse(
        `A 2-D ${subject} exports points (points.csv, and a scatter plot with the grid); interpolation, GIF and upscaling are for image ${subject}s.`,
      );
    }
    // The scatter plot is drawn for 2-D points only.
    const scatter = options.grid && spec.data.dims === 2;
    return {
      options,
      sample: { kind: 'points', dims: spec.data.dims },
      latentSize,
      numClasses,
      images: [],
      gridScale: scatter ? 1 : null,
      interpolationRows: [],
      interpolationScale: null,
      gifScale: null,
      total: count + 1 + (scatter ? 1 : 0),
    };
  }

  if (steps === 1) refuse('An interpolation needs 2 steps or more (0 for none).');
  if (options.gif && steps === 0)
    refuse('The GIF animates the interpolation: ask for an interpolation of 2 steps or more.');
  const { height, width, channels } = spec.data;
  const conditional = numClasses > 0;
  const digits = Math.max(4, String(count).length);
  const images = Array.from({ length: count }, (_, i) => {
    const label = conditional ? (classIndex ?? i % numClasses) : null;
    const number = String(i + 1).padStart(digits, '0');
    return { file: `image-${number}${label === null ? '' : `-class-${label}`}.png`, label };
  });
  const rows: (number | null)[] = !conditional
    ? [null]
    : classIndex !== null
      ? [classIndex]
      : Array.from({ length: numClasses }, (_, k) => k);
  const fit = (what: string, n: number, columns: number | undefined, gap?: number): number =>
    fitScale(what, options.upscale, (scale) =>
      gridSize(n, height, width, {
        scale,
        ...(columns ? { columns } : {}),
        ...(gap !== undefined ? { gap } : {}),
      }),
    );
  return {
    options,
    sample: { kind: 'image', height, width, channels },
    latentSize,
    numClasses,
    images,
    gridScale: options.grid ? fit(`The contact sheet of ${count} images`, count, undefined) : null,
    interpolationRows: steps > 0 ? rows : [],
    interpolationScale:
      steps > 0
        ? fit(`The interpolation strip (${rows.length} × ${steps})`, rows.length * steps, steps)
        : null,
    gifScale: options.gif ? fit('A GIF frame', rows.length, undefined, gifFrameGap(rows.length)) : null,
    total: count + (options.grid ? 1 : 0) + (steps > 0 ? steps * rows.length + 1 : 0) + (options.gif ? 1 : 0),
  };
}

/** A frame of one image has no border; frames of several (one per class) have the grid's gaps. */
export function gifFrameGap(imagesPerFrame: number): number | undefined {
  return imagesPerFrame === 1 ? 0 : undefined;
}

/** The largest of upscale, upscale/2, …, 1 at which the composite fits; refused when none does. */
function fitScale(
  what: string,
  upscale: number,
  size: (scale: number) => { width: number; height: number },
): number {
  for (let scale = upscale; scale >= 1; scale /= 2) {
    const { width, height } = size(scale);
    if (Math.max(width, height) <= MAX_COMPOSITE_SIDE) return scale;
  }
  const { width, height } = size(1);
  return refuse(
    `${what} would be ${width} × ${height} px, over the ${MAX_COMPOSITE_SIDE.toLocaleString('en-US')} px limit: export fewer images or classes, or leave it out.`,
  );
}
