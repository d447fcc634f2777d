/** The snapshot shown for `step`: the last one at or before it, else null (none taken yet). */
export function snapshotAtOrBefore<T extends { readonly step: number }>(
  snapshots: readonly T[],
  step: number,
): T | null {
  // Snapshots come sorted by step; binary search keeps a slider over many runs instant.
  let lo = 0;
  let hi = snapshots.length - 1;
  let found: T | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = snapshots[mid]!;
    if (candidate.step <= step) {
      found = candidate;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
