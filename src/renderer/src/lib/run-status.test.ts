import { RUN_STATUSES } from '@shared/api';
import { describe, expect, it } from 'vitest';
import { isLive, isResumable } from './run-status';

describe('run status predicates', () => {
  it('say which runs can be stopped and which resumed', () => {
    expect(RUN_STATUSES.filter(isLive)).toEqual(['queued', 'running', 'paused']);
    expect(RUN_STATUSES.filter(isResumable)).toEqual(['paused', 'stopped', 'failed', 'interrupted']);
    expect(isLive(undefined)).toBe(false);
  });
});
