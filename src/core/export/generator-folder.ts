import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { BackendName } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import type { DataShape } from '../../shared/engine/architecture-schema';
import { EXPORT_FILES } from './export-job';

/**
 * An exported generator's folder as the studio reads it back (generators.*): generator.json (written by
 * exports.model, see generatorMetadata) says how to feed the model; model.json and the weight files it
 * lists hold the model. Everything is checked here, in the host, before an export process loads it, and
 * every refusal is a sentence naming the file and what is wrong with it. No tfjs here.
 */

const count = (max: number) => z.number().int().min(1).max(max);

/** The fields of generator.json sampling relies on; the others are kept as they are. */
const GeneratorJson = z.looseObject({
  format: z.literal('gan-studio-generator'),
  formatVersion: z.literal(1),
  latentSize: count(1024),
  numClasses: z.number().int().min(0).max(1000),
  resolution: z.object({ height: count(512), width: count(512) }).nullable(),
  channels: count(4).nullable(),
  dims: count(64).nullable().default(null),
  classNames: z.array(z.string()).default([]),
  runId: z.string(),
  runName: z.string(),
  step: z.number().int().min(0),
  configHash: z.string(),
  generator: z.enum(['averaged', 'trained']).default('trained'),
  /** Where it was exported; a sampling export prefers it, so it computes what the run computed. */
  backend: BackendName.optional(),
});

export interface GeneratorFacts {
  /** generator.json as written, for the export.json of what is sampled from it. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly latentSize: number;
  readonly numClasses: number;
  readonly data: DataShape;
  readonly classNames: readonly string[];
  readonly runId: string;
  readonly runName: string;
  readonly step: number;
  readonly configHash: string;
  readonly averaged: boolean;
  readonly backend: BackendName | null;
}

const invalid = (message: string): never => {
  throw new StudioError('invalid_input', message);
};

const firstIssue = (error: z.ZodError): string => {
  const issue = error.issues[0];
  if (!issue) return 'it does not match the format';
  return issue.path.length > 0 ? `"${issue.path.join('.')}": ${issue.message}` : issue.message;
};

/** A JSON file of the folder, parsed; refused with a sentence when it is missing or not JSON. */
function readJson(dir: string, name: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(dir, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return invalid(
      code === 'ENOENT'
        ? `${dir} holds no ${name}, so it is not ${what}: choose the folder an exported generator was written to.`
        : `${name} in ${dir} cannot be read (${code ?? String(error)}).`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return invalid(`${name} in ${dir} is not valid JSON (${(error as Error).message}).`);
  }
}

/** generator.json of an exported generator folder, checked. */
export function readGeneratorJson(dir: string): GeneratorFacts {
  const name = EXPORT_FILES.generator;
  const raw = readJson(dir, name, 'an exported generator');
  const parsed = GeneratorJson.safeParse(raw);
  if (!parsed.success) {
    return invalid(
      `${name} in ${dir} does not describe a GAN Studio generator: ${firstIssue(parsed.error)}.`,
    );
  }
  const g = parsed.data;
  const data: DataShape | null =
    g.resolution !== null && g.channels !== null
      ? { kind: 'image', ...g.resolution, channels: g.channels }
      : g.dims !== null
        ? { kind: 'points', dims: g.dims }
        : null;
  if (data === null) {
    return invalid(`${name} in ${dir} gives neither a resolution and channels (images) nor dims (points).`);
  }
  if (g.classNames.length > 0 && g.classNames.length !== g.numClasses) {
    invalid(`${name} in ${dir} names ${g.classNames.length} classes but says it has ${g.numClasses}.`);
  }
  return {
    raw: raw as Record<string, unknown>,
    latentSize: g.latentSize,
    numClasses: g.numClasses,
    data,
    classNames: g.classNames,
    runId: g.runId,
    runName: g.runName,
    step: g.step,
    configHash: g.configHash,
    averaged: g.generator === 'averaged',
    backend: g.backend ?? null,
  };
}

/**
 * The file a model.json weights path names, which must lie inside `dir` — as written and after links
 * are followed: a manifest must never reach elsewhere on this machine.
 */
export function weightsFileInside(dir: string, path: string): string {
  const inside = (root: string, file: string): boolean => {
    const rel = relative(root, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  const outside = (): never =>
    invalid(`${EXPORT_FILES.model} in ${dir} names a weights file outside its folder: "${path}".`);
  const file = resolve(dir, path);
  if (isAbsolute(path) || !inside(resolve(dir), file)) return outside();
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return invalid(`${EXPORT_FILES.model} in ${dir} lists the weights file "${path}", which is not there.`);
  }
  if (!inside(realpathSync(dir), real)) return outside();
  return file;
}

const WeightsManifest = z
  .array(
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      weights: z.array(
        z.looseObject({
          name: z.string(),
          shape: z.array(z.number().int().min(0)),
          dtype: z.string(),
          quantization: z.unknown().optional(),
        }),
      ),
    }),
  )
  .min(1);

const ModelJson = z.looseObject({
  format: z.literal('layers-model').optional(),
  modelTopology: z.looseObject({
    config: z
      .looseObject({
        layers: z.array(z.unknown()).optional(),
        input_layers: z.array(z.tuple([z.string()], z.unknown())).optional(),
      })
      .optional(),
  }),
  weightsManifest: WeightsManifest,
});

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/**
 * model.json of a generator folder, checked against the folder and against generator.json: a Layers
 * model, its weight files inside the folder and of the size its manifest says, and (when its topology
 * names its inputs) one input for z of `latentSize` values, and one for labels when it is conditional.
 */
export function checkModelJson(dir: string, generator: GeneratorFacts): void {
  const name = EXPORT_FILES.model;
  const parsed = ModelJson.safeParse(readJson(dir, name, 'an exported generator'));
  if (!parsed.success) {
    invalid(`${name} in ${dir} is not a TensorFlow.js Layers model: ${firstIssue(parsed.error)}.`);
    return;
  }
  const { modelTopology, weightsManifest } = parsed.data;
  const files = weightsManifest.flatMap((group) => group.paths).map((path) => weightsFileInside(dir, path));
  const specs = weightsManifest.flatMap((group) => group.weights);
  if (specs.every((spec) => spec.quantization === undefined && DTYPE_BYTES[spec.dtype] !== undefined)) {
    const expected = specs.reduce(
      (sum, spec) => sum + spec.shape.reduce((n, d) => n * d, 1) * DTYPE_BYTES[spec.dtype]!,
      0,
    );
    const actual = files.reduce((sum, file) => sum + statSync(file).size, 0);
    if (actual !== expected) {
      invalid(
        `The weights of ${name} in ${dir} should hold ${expected} bytes but its files hold ${actual}: the folder is incomplete or mixed up.`,
      );
    }
  }
  checkInputs(dir, modelTopology.config, generator);
}

function checkInputs(
  dir: string,
  config: { layers?: unknown[] | undefined; input_layers?: [string, ...unknown[]][] | undefined } | undefined,
  generator: GeneratorFacts,
): void {
  const inputs = config?.input_layers?.map(([layer]) => layer);
  if (!inputs) return;
  const expected = generator.numClasses > 0 ? 2 : 1;
  const files = `${EXPORT_FILES.model} and ${EXPORT_FILES.generator} in ${dir} disagree`;
  if (inputs.length !== expected) {
    invalid(
      `${files}: the model takes ${inputs.length} inputs, but a generator with ${generator.numClasses} classes takes ${expected}.`,
    );
  }
  const layers = (config?.layers ?? []) as { name?: unknown; config?: { batch_input_shape?: unknown } }[];
  const shape = layers.find((layer) => layer.name === inputs[0])?.config?.batch_input_shape;
  const size: unknown = Array.isArray(shape) ? shape.at(-1) : undefined;
  if (typeof size === 'number' && size !== generator.latentSize) {
    invalid(`${files}: the model's noise input has ${size} values, not latentSize ${generator.latentSize}.`);
  }
}

/** An exported generator's folder, checked whole: generator.json, then model.json and its weights. */
export function readGeneratorFolder(dir: string): GeneratorFacts {
  const generator = readGeneratorJson(dir);
  checkModelJson(dir, generator);
  return generator;
}
