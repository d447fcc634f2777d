/**
 * JSON with object keys sorted at every level, so the same config always gives the same text (and hash),
 * whatever order its keys were built in. Array order is kept: it carries meaning (layers, class names).
 */
export function stringifyStable(value: unknown): string {
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const source = inner as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) sorted[key] = source[key];
    return sorted;
  });
  // JSON.stringify answers undefined for undefined, functions and symbols at the top level.
  if (text === undefined) throw new TypeError('The value cannot be written as JSON.');
  return text;
}

/** Parses a JSON column the store wrote itself; callers validate the shape they need. */
export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

export function parseStringArray(text: string): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function parseNumberArray(text: string): number[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}
