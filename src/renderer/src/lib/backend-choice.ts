import { BACKEND_NAMES, type BackendName, type BackendReport } from '@shared/api';

export interface BackendChoice {
  /** One sentence: which backend trains, or that none can. */
  readonly headline: string;
  /** For each backend the studio prefers over the active one: why it is not the one training. */
  readonly passedOver: readonly { readonly name: BackendName; readonly reason: string }[];
}

/** Lower is better: the order the host tries backends in (BACKEND_NAMES is declared best-first). */
function rank(name: BackendName): number {
  return BACKEND_NAMES.indexOf(name);
}

export function describeBackendChoice(
  backends: readonly BackendReport[],
  active: BackendName | null,
): BackendChoice {
  if (active === null) {
    return {
      headline: 'No compute backend loads on this machine, so nothing can train yet. The table says why.',
      passedOver: [],
    };
  }
  const activeReport = backends.find((backend) => backend.name === active);
  const where = activeReport ? ` (${activeReport.package})` : '';
  const passedOver = backends
    .filter((backend) => rank(backend.name) < rank(active))
    .sort((a, b) => rank(a.name) - rank(b.name))
    .map((backend) => ({
      name: backend.name,
      reason:
        backend.status === 'unavailable'
          ? `does not load here: ${backend.detail}`
          : `loads, but was not chosen: ${backend.detail}`,
    }));
  const headline =
    passedOver.length === 0
      ? `Training runs on ${active}${where}, the studio's first choice.`
      : `Training runs on ${active}${where}. Faster backends are not used:`;
  return { headline, passedOver };
}
