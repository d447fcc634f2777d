import type { Database } from 'better-sqlite3';
import type { RunStatus, RunSummary } from '../../shared/api/dto';
import type { EventBus } from '../api/event-bus';
import { getRun, interruptOrphanedRuns } from '../store';

/** Statuses of a run a trainer is working on (or about to). */
export function isLive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'paused';
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — alive all the same.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs a host left behind when it crashed or closed become resumable (interrupted), and say so. */
export function interruptOrphans(
  db: Database,
  events: EventBus,
  isOwnerAlive: (pid: number) => boolean = isProcessAlive,
): void {
  for (const runId of interruptOrphanedRuns(db, isOwnerAlive)) {
    const run = getRun(db, runId);
    events.emit('run.status', { runId, status: 'interrupted', reason: run?.failureReason ?? null });
  }
}

/**
 * The runs among `candidates()` that a trainer works on now, in this host or in another live one. Runs
 * that only look live because their host died are marked interrupted first, so they block nothing.
 */
export function findLiveRuns(
  db: Database,
  events: EventBus,
  candidates: () => readonly RunSummary[],
): RunSummary[] {
  const live = (): RunSummary[] => candidates().filter((run) => isLive(run.status));
  if (live().length === 0) return [];
  interruptOrphans(db, events);
  return live();
}
