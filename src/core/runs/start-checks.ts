import { existsSync } from 'node:fs';
import { StudioError } from '../../shared/api/errors';
import { formatShape, validateArchitecture } from '../../shared/engine/architecture';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { readPackedManifest } from '../datasets/packed-format';
import { isToyDatasetName } from '../engine/data';

/**
 * Everything that can be known to be wrong before a trainer process is spent on it: an architecture
 * that cannot be built, data that does not match it, a dataset that is gone. Each failure is an
 * `invalid_input` or `not_found` answer with a sentence naming the problem.
 */
export async function checkStartable(config: TrainingConfig, datasetDir: string | null): Promise<void> {
  const report = validateArchitecture(config.architecture);
  if (!report.ok) {
    throw new StudioError(
      'invalid_input',
      `The architecture cannot be built: ${report.errors.map((e) => e.message).join(' ')}`,
    );
  }
  const data = config.architecture.data;
  if (config.dataset.kind === 'builtin-points') {
    if (!isToyDatasetName(config.dataset.name)) {
      throw new StudioError(
        'not_found',
        `There is no built-in dataset "${config.dataset.name}"; the 2-D ones are ring8 and grid25.`,
      );
    }
    if (data.kind !== 'points' || data.dims !== 2) {
      throw new StudioError(
        'invalid_input',
        `${config.dataset.name} is 2-D point data, but the architecture expects ${describe(data)}.`,
      );
    }
    return;
  }
  if (!datasetDir || !existsSync(datasetDir)) {
    throw new StudioError(
      'not_found',
      `The dataset "${config.dataset.name}" is no longer in the studio's data folder. Import it again.`,
    );
  }
  const manifest = await readPackedManifest(datasetDir);
  const shape = [manifest.height, manifest.width, manifest.channels];
  if (data.kind !== 'image' || formatShape(shape) !== formatShape([data.height, data.width, data.channels])) {
    throw new StudioError(
      'invalid_input',
      `${config.dataset.name} holds ${formatShape(shape)} images, but the architecture expects ${describe(data)}. Choose a preset at the dataset's resolution.`,
    );
  }
  const classes = manifest.classNames.length;
  if (config.architecture.numClasses > 0 && config.architecture.numClasses !== classes) {
    throw new StudioError(
      'invalid_input',
      `The architecture is conditioned on ${config.architecture.numClasses} classes, but ${config.dataset.name} has ${classes}.`,
    );
  }
}

function describe(data: TrainingConfig['architecture']['data']): string {
  return data.kind === 'points'
    ? `${data.dims}-D points`
    : `${formatShape([data.height, data.width, data.channels])} images`;
}
