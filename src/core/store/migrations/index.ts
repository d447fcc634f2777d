import type { Migration } from '../migrate';
import { init } from './0001-init';
import { runOwner } from './0002-run-owner';
import { metricBuckets } from './0003-metric-buckets';

/** Every migration, oldest first. Append only: version N sits at position N. */
export const MIGRATIONS: readonly Migration[] = [init, runOwner, metricBuckets];
