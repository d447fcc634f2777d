import type { LayersModel } from '@tensorflow/tfjs-layers';
import { StudioError } from '../shared/api/errors';
import { EXPORT_FILES, MODEL_EXPORT_UNITS, type ExportJob } from '../core/export/export-job';
import { writeSampleExport, type WrittenFile } from '../core/export/image-export';
import { planImageExport } from '../core/export/image-export-plan';
import { loadLayersModelFromFolder, writeLayersModel } from '../core/export/model-files';
import { restoreGenerator } from '../core/export/restore-generator';
import type { FromTrainer } from '../core/runs/trainer-protocol';
import { chooseBackend } from './choose-backend';
import type { ParentChannel } from './parent-channel';
import type { TrainerControl } from './trainer-control';

/** Progress messages at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 250;

type Exported = Extract<FromTrainer, { type: 'exported' }>;

/**
 * The export process's work: the backend, the generator (a checkpoint's, or an exported one loaded from
 * its files), then the files of the job into its folder. Answers null when a `stop` cancelled it (the
 * host discards the folder).
 */
export async function runExport(
  job: ExportJob,
  channel: ParentChannel,
  control: TrainerControl,
): Promise<Exported | null> {
  const sampled = job.kind === 'sample';
  const plan =
    job.kind === 'model'
      ? null
      : planImageExport(
          sampled ? job.spec : job.config.architecture,
          job.options,
          sampled ? 'generator' : 'run',
        );
  const total = plan?.total ?? MODEL_EXPORT_UNITS;
  let lastSent = 0;
  const report = (done: number, force = false): void => {
    const now = Date.now();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    channel.send({ type: 'export-progress', done, total });
  };
  const backend = sampled
    ? await chooseBackend({ backend: job.preferBackend ?? 'auto' }, { fallback: true })
    : await chooseBackend(job.config);
  const { generator, averaged } = sampled
    ? { generator: await loadGenerator(job.modelDir), averaged: job.averaged }
    : restoreGenerator(job.config, job.configHash, job.checkpointFolder);
  const work = { signal: control.signal, onProgress: (done: number) => report(done) };
  try {
    let files: WrittenFile[];
    if (!plan) {
      report(1);
      const [model, weights] = await writeLayersModel(generator, job.outDir);
      files = [
        { kind: 'model', name: model },
        { kind: 'weights', name: weights },
      ];
    } else {
      // An exported generator does not say which dataset it learnt: its 2-D points get a plain plot.
      const datasetName = sampled ? '' : job.config.dataset.name;
      files = await writeSampleExport(generator, plan, datasetName, job.outDir, work);
    }
    report(total, true);
    return { type: 'exported', files, backend: backend.name, averaged };
  } catch (error) {
    if (error instanceof StudioError && error.code === 'cancelled') return null;
    throw error;
  } finally {
    generator.dispose();
  }
}

/** A generator folder the host has checked; a model tfjs still cannot build is the folder's fault. */
async function loadGenerator(dir: string): Promise<LayersModel> {
  try {
    return await loadLayersModelFromFolder(dir);
  } catch (error) {
    if (error instanceof StudioError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StudioError(
      'invalid_input',
      `${EXPORT_FILES.model} in ${dir} does not load as a TensorFlow.js generator: ${detail}`,
    );
  }
}
