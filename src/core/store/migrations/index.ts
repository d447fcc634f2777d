import type { Migration } from '../migrate';
import { init } from './0001-init';
import { runOwner } from './0002-run-owner';

/** Every migration, oldest first. Append only: version N sits at position N. */
export const MIGRATIONS: readonly Migration[] = [init, runOwner];
