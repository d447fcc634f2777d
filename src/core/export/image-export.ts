import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { MethodOutput } from '../../shared/api/contract';
import { StudioError } from '../../shared/api/errors';
import { isToyDatasetName } from '../engine/data';
import {
  encodeGif,
  encodePng,
  layoutGrid,
  renderPointsPlot,
  renderToyPointsPlot,
  toPixelBytes,
  type RawImage,
} from '../engine/io/sample-images';
import { writeFileSynced } from '../fs/atomic-folder';
import { EXPORT_CANCELLED, EXPORT_FILES } from './export-job';
import { GIF_FRAME_MS, gifFrameGap, type ImageExportPlan } from './image-export-plan';
import { exportLabels, exportNoise, interpolationNoise } from './latent';
import { forEachGenerated } from './restore-generator';

/**
 * The files of an image export, written by the export process into a folder the host later publishes:
 * one PNG per sample, the contact sheet, the interpolation strip and its GIF — or, for 2-D runs, the
 * points as CSV and a scatter plot. Everything is a function of the generator and the plan, so the
 * same checkpoint, seed and options give the same bytes.
 */
export type ExportedFileKind = MethodOutput<'exports.images'>['files'][number]['kind'];

export interface WrittenFile {
  readonly kind: ExportedFileKind;
  /** Relative to the export folder. */
  readonly name: string;
}

export interface ExportWork {
  readonly signal: AbortSignal;
  /** Units done so far, out of the plan's total. */
  onProgress(done: number): void;
}

class FileWriter {
  readonly files: WrittenFile[] = [];
  private done = 0;

  constructor(
    private readonly dir: string,
    private readonly work: ExportWork,
  ) {}

  write(name: string, kind: ExportedFileKind, content: Uint8Array | string): void {
    this.checkCancelled();
    writeFileSynced(join(this.dir, name), content);
    this.files.push({ kind, name });
  }

  advance(units = 1): void {
    this.done += units;
    this.work.onProgress(this.done);
  }

  checkCancelled(): void {
    if (this.work.signal.aborted) throw new StudioError('cancelled', EXPORT_CANCELLED);
  }
}

type ImageSample = Extract<ImageExportPlan['sample'], { kind: 'image' }>;

/**
 * Writes the files of `plan` into `dir`, from `generator`: images for image runs, points for 2-D runs
 * (of the built-in set `datasetName`, drawn under its scatter plot). Throws a `cancelled` StudioError
 * once the work's signal is aborted (between files).
 */
export async function writeSampleExport(
  generator: LayersModel,
  plan: ImageExportPlan,
  datasetName: string,
  dir: string,
  work: ExportWork,
): Promise<WrittenFile[]> {
  const out = new FileWriter(dir, work);
  if (plan.sample.kind === 'points') await writePoints(out, generator, plan, plan.sample.dims, datasetName);
  else await writeImages(out, generator, plan, plan.sample);
  return out.files;
}

async function writeImages(
  out: FileWriter,
  generator: LayersModel,
  plan: ImageExportPlan,
  sample: ImageSample,
): Promise<void> {
  const { height: h, width: w, channels: c } = sample;
  const { count, seed, upscale, interpolation: steps } = plan.options;
  const imageBytes = h * w * c;

  const sheet = plan.gridScale !== null ? new Uint8Array(count * imageBytes) : null;
  const z = exportNoise(seed, count, plan.latentSize);
  const labels = exportLabels(count, plan.numClasses, plan.options.classIndex);
  await forEachGenerated(generator, z, labels, plan.latentSize, async (data, start, n) => {
    const bytes = toPixelBytes(data);
    sheet?.set(bytes, start * imageBytes);
    for (let i = 0; i < n; i++) {
      const one = bytes.subarray(i * imageBytes, (i + 1) * imageBytes);
      const png = await encodePng(layoutGrid(one, [1, h, w, c], { gap: 0, scale: upscale }));
      out.write(plan.images[start + i]?.file ?? `image-${start + i + 1}.png`, 'image', png);
      out.advance();
    }
  });
  if (sheet && plan.gridScale !== null) {
    out.write(
      EXPORT_FILES.grid,
      'grid',
      await encodePng(layoutGrid(sheet, [count, h, w, c], { scale: plan.gridScale })),
    );
    out.advance();
  }
  if (steps === 0) return;

  // Every row of the strip walks the same path from z₀ to z₁, with its own class.
  const rows = plan.interpolationRows;
  const walk = interpolationNoise(seed, plan.latentSize, steps);
  const rowNoise = new Float32Array(rows.length * walk.length);
  rows.forEach((_, r) => rowNoise.set(walk, r * walk.length));
  const rowLabels =
    plan.numClasses > 0
      ? Int32Array.from({ length: rows.length * steps }, (_, i) => rows[Math.floor(i / steps)] ?? 0)
      : null;
  const frames = new Uint8Array(rows.length * steps * imageBytes);
  await forEachGenerated(generator, rowNoise, rowLabels, plan.latentSize, (data, start, n) => {
    out.checkCancelled();
    frames.set(toPixelBytes(data), start * imageBytes);
    out.advance(n);
  });
  const strip = layoutGrid(frames, [rows.length * steps, h, w, c], {
    columns: steps,
    scale: plan.interpolationScale ?? 1,
  });
  out.write(EXPORT_FILES.interpolation, 'interpolation', await encodePng(strip));
  out.advance();
  if (plan.gifScale !== null) {
    const gif = await encodeGif(gifFrames(frames, sample, plan, plan.gifScale), GIF_FRAME_MS);
    out.write(EXPORT_FILES.gif, 'gif', gif);
    out.advance();
  }
}

/**
 * The walk there and back (0, 1, …, K − 1, K − 2, …, 1), so the loop has no jump; frame k shows step
 * k of every row of the strip.
 */
function gifFrames(
  strip: Uint8Array,
  { height: h, width: w, channels: c }: ImageSample,
  plan: ImageExportPlan,
  scale: number,
): RawImage[] {
  const steps = plan.options.interpolation;
  const rows = plan.interpolationRows.length;
  const imageBytes = h * w * c;
  const order = [
    ...Array(steps).keys(),
    ...[...Array(Math.max(0, steps - 2)).keys()].map((k) => steps - 2 - k),
  ];
  return order.map((k) => {
    const frame = new Uint8Array(rows * imageBytes);
    for (let r = 0; r < rows; r++) {
      const from = (r * steps + k) * imageBytes;
      frame.set(strip.subarray(from, from + imageBytes), r * imageBytes);
    }
    const gap = gifFrameGap(rows);
    return layoutGrid(frame, [rows, h, w, c], { scale, ...(gap !== undefined ? { gap } : {}) });
  });
}

/** A 2-D run's samples: `points.csv` (one sample a line, its coordinates comma-separated, no header). */
async function writePoints(
  out: FileWriter,
  generator: LayersModel,
  plan: ImageExportPlan,
  dims: number,
  datasetName: string,
): Promise<void> {
  const { count, seed, classIndex } = plan.options;
  const points = new Float32Array(count * dims);
  const z = exportNoise(seed, count, plan.latentSize);
  await forEachGenerated(
    generator,
    z,
    exportLabels(count, plan.numClasses, classIndex),
    plan.latentSize,
    (data, start, n) => {
      out.checkCancelled();
      points.set(data, start * dims);
      out.advance(n);
    },
  );
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(Array.from(points.subarray(i * dims, (i + 1) * dims), formatFloat32).join(','));
  }
  out.write(EXPORT_FILES.points, 'points', `${lines.join('\n')}\n`);
  out.advance();
  if (plan.gridScale !== null) {
    const plot = isToyDatasetName(datasetName)
      ? await renderToyPointsPlot(datasetName, points)
      : await renderPointsPlot(points, { extent: Math.max(1, ...points.map(Math.abs)) * 1.1 });
    out.write(EXPORT_FILES.scatter, 'grid', plot);
    out.advance();
  }
}

/** 9 significant digits, which always read back as the same float32 (trailing zeros dropped). */
function formatFloat32(value: number): string {
  return String(Number(value.toPrecision(9)));
}
