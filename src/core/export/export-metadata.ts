import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../../shared/api/dto';
import type { ArchitectureSpec } from '../../shared/engine/architecture';
import { APP_VERSION } from '../app-version';
import type { ImageExportPlan } from './image-export-plan';
import { CUSTOM_LAYER_CLASSES, EXPORT_FILES } from './export-job';

/** What every export's JSON says about where its files came from. */
export interface ExportSource {
  readonly exportId: string;
  readonly runId: string;
  readonly runName: string;
  readonly checkpointStep: number;
  readonly configHash: string;
  readonly classNames: readonly string[];
  readonly backend: BackendName;
  /** The weights were the run's moving average of G (what its snapshots show). */
  readonly averaged: boolean;
  readonly createdAt: Date;
}

const IMAGE_SCALING = 'tanh: pixels = (x + 1) * 127.5, rounded and clamped to 0–255';
const POINTS_SCALING = "none: the outputs are points in the data's own coordinates";

function sourceFields(source: ExportSource) {
  return {
    exportId: source.exportId,
    runId: source.runId,
    runName: source.runName,
    checkpointStep: source.checkpointStep,
    configHash: source.configHash,
    generator: source.averaged ? 'averaged' : 'trained',
    backend: source.backend,
    studioVersion: APP_VERSION,
    createdAt: source.createdAt.toISOString(),
  };
}

/** `export.json`, beside the images of an image export. */
export function imageExportMetadata(source: ExportSource, plan: ImageExportPlan, files: readonly string[]) {
  const { options } = plan;
  return {
    format: 'gan-studio-export',
    formatVersion: 1,
    kind: 'images',
    ...sourceFields(source),
    seed: options.seed,
    options,
    sample: plan.sample,
    outputScaling: plan.sample.kind === 'image' ? IMAGE_SCALING : POINTS_SCALING,
    classNames: source.classNames,
    /** The class of each image file, in order (conditional runs). */
    labels: plan.numClasses > 0 ? plan.images.map((image) => image.label) : null,
    noise:
      'z ~ N(0, I) from the studio RNG (xoshiro128**, Box–Muller), stream "export-samples" of the seed; ' +
      'the interpolation walks spherically (slerp) between two vectors of stream "export-interpolation".',
    files,
  };
}

/**
 * `export.json` beside images sampled from an exported generator (generators.sample): what an image
 * export records, the run and step being the generator's, and the generator itself — its folder, the
 * model export it is (when named by one) and its generator.json as read.
 */
export function generatorSampleMetadata(
  source: ExportSource,
  plan: ImageExportPlan,
  files: readonly string[],
  generator: { readonly dir: string; readonly exportId: string | null; readonly contents: unknown },
) {
  return {
    ...imageExportMetadata(source, plan, files),
    kind: 'generator-images',
    sourceGenerator: generator,
  };
}

/**
 * `generator.json`, beside an exported model: how to feed it and read its output. The custom layer
 * classes it uses are listed from the written topology; loading needs them registered (the studio's are).
 */
export function generatorMetadata(source: ExportSource, spec: ArchitectureSpec, modelDir: string) {
  const topology = JSON.parse(readFileSync(join(modelDir, EXPORT_FILES.model), 'utf8')) as {
    modelTopology?: { config?: { layers?: { class_name?: string }[] } };
  };
  const used = new Set((topology.modelTopology?.config?.layers ?? []).map((layer) => layer.class_name));
  const customLayers = CUSTOM_LAYER_CLASSES.filter((name) => used.has(name));
  const data = spec.data;
  const image = data.kind === 'image';
  return {
    format: 'gan-studio-generator',
    formatVersion: 1,
    model: EXPORT_FILES.model,
    weights: EXPORT_FILES.weights,
    latentSize: spec.latentSize,
    latentDistribution: 'standard normal: every component of z ~ N(0, 1)',
    inputs:
      spec.numClasses > 0
        ? ['z: float32 [batch, latentSize]', 'labels: int32 [batch], class index 0 … numClasses − 1']
        : ['z: float32 [batch, latentSize]'],
    output:
      data.kind === 'image'
        ? `float32 [batch, ${data.height}, ${data.width}, ${data.channels}] (NHWC)`
        : `float32 [batch, ${data.dims}]`,
    resolution: data.kind === 'image' ? { height: data.height, width: data.width } : null,
    channels: data.kind === 'image' ? data.channels : null,
    dims: data.kind === 'points' ? data.dims : null,
    numClasses: spec.numClasses,
    classNames: source.classNames,
    outputScaling: image ? IMAGE_SCALING : POINTS_SCALING,
    customLayers,
    step: source.checkpointStep,
    ...sourceFields(source),
  };
}
