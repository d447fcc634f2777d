import type { Migration } from '../migrate';

// Frozen once released. The process id of the host that supervises a run while it trains: after a crash
// or restart, runs whose owner is gone are marked interrupted, while runs that another live host (a
// server, a CLI `train`) is still training are left alone.
export const runOwner: Migration = {
  version: 2,
  name: 'run-owner',
  up(db) {
    db.exec('ALTER TABLE runs ADD COLUMN owner_pid INTEGER');
  },
};
