import { StudioError } from '../shared/api/errors';
import { MODEL_EXPORT_UNITS, type ExportJob } from '../core/export/export-job';
import { writeSampleExport, type WrittenFile } from '../core/export/image-export';
import { planImageExport } from '../core/export/image-export-plan';
import { writeLayersModel } from '../core/export/model-files';
import { restoreGenerator } from '../core/export/restore-generator';
import type { FromTrainer } from '../core/runs/trainer-protocol';
import { chooseBackend } from './choose-backend';
import type { ParentChannel } from './parent-channel';
import type { TrainerControl } from './trainer-control';

/** Progress messages at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 250;

type Exported = Extract<FromTrainer, { type: 'exported' }>;

/**
 * The export process's work: the run's backend, the checkpoint's generator, then the files of the job
 * into its folder. Answers null when a `stop` cancelled it (the host discards the folder).
 */
export async function runExport(
  job: ExportJob,
  channel: ParentChannel,
  control: TrainerControl,
): Promise<Exported | null> {
  const plan = job.kind === 'images' ? planImageExport(job.config.architecture, job.options) : null;
  const total = plan?.total ?? MODEL_EXPORT_UNITS;
  let lastSent = 0;
  const report = (done: number, force = false): void => {
    const now = Date.now();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    channel.send({ type: 'export-progress', done, total });
  };
  const backend = await chooseBackend(job.config);
  const { generator, averaged } = restoreGenerator(job.config, job.configHash, job.checkpointFolder);
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
      files = await writeSampleExport(generator, plan, job.config.dataset.name, job.outDir, work);
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
