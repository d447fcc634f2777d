/**
 * Why a file was left out of an import. Every skipped file or folder is reported with its path relative
 * to the chosen folder, a kind (for grouping and counting) and a sentence a person can act on.
 */
export const REJECT_KINDS = [
  'not_image',
  'unsupported',
  'damaged',
  'too_small',
  'too_large',
  'duplicate',
  'empty',
  'unreadable',
  'hidden',
  'system',
  'link_loop',
  'no_class',
] as const;

export type RejectKind = (typeof REJECT_KINDS)[number];

export interface Reject {
  /** Relative to the imported folder, '/'-separated; undecodable bytes of a name shown as U+FFFD. */
  readonly path: string;
  readonly kind: RejectKind;
  readonly reason: string;
}

/** How each kind reads in a count: "3 not images", "1 damaged". */
const KIND_PHRASES: Readonly<Record<RejectKind, string>> = {
  not_image: 'not images',
  unsupported: 'in unsupported formats',
  damaged: 'damaged',
  too_small: 'too small',
  too_large: 'too large',
  duplicate: 'duplicates',
  empty: 'empty',
  unreadable: 'unreadable',
  hidden: 'hidden',
  system: 'system files',
  link_loop: 'repeated links',
  no_class: 'not in a class subfolder',
};

export function countRejects(rejects: readonly Reject[]): Map<RejectKind, number> {
  const counts = new Map<RejectKind, number>();
  for (const reject of rejects) counts.set(reject.kind, (counts.get(reject.kind) ?? 0) + 1);
  return counts;
}

/** "12 files skipped (3 not images, 2 damaged, 7 hidden)", kinds in a fixed order. */
export function describeRejects(rejects: readonly Reject[]): string {
  const counts = countRejects(rejects);
  const parts = REJECT_KINDS.filter((kind) => counts.has(kind)).map(
    (kind) => `${counts.get(kind)} ${KIND_PHRASES[kind]}`,
  );
  const files = rejects.length === 1 ? '1 file' : `${rejects.length} files`;
  return `${files} skipped (${parts.join(', ')})`;
}
