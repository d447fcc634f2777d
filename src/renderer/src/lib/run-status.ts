import type { RunStatus } from '@shared/api';

/** A run the studio is training, or about to: it can be stopped, not deleted. */
export function isLive(status: RunStatus | undefined): boolean {
  return status === 'queued' || status === 'running' || status === 'paused';
}

/** A run that `runs.resume` continues: a paused one, or one that ended early (from its last checkpoint). */
export function isResumable(status: RunStatus | undefined): boolean {
  return status === 'paused' || status === 'stopped' || status === 'interrupted' || status === 'failed';
}
