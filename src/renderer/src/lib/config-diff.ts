/** `{ a: { b: 1 }, c: [2, 3] }` → `[['a.b', 1], ['c', [2, 3]]]`: leaves are scalars and arrays of scalars. */
export function flattenConfig(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (node: unknown, path: string): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key);
    } else if (Array.isArray(node) && node.some((item) => item !== null && typeof item === 'object')) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else {
      out.set(path, node);
    }
  };
  walk(value, prefix);
  return out;
}

export interface DiffRow {
  readonly path: string;
  /** One per config, in order; undefined where a config lacks the path. */
  readonly values: readonly unknown[];
  readonly differs: boolean;
}

/** Every setting of every config, each row marking whether the configs disagree on it. */
export function diffConfigs(configs: readonly unknown[]): DiffRow[] {
  const flat = configs.map((config) => flattenConfig(config));
  const paths = [...new Set(flat.flatMap((map) => [...map.keys()]))];
  return paths.map((path) => {
    const values = flat.map((map) => map.get(path));
    const first = JSON.stringify(values[0]);
    return { path, values, differs: values.some((v) => JSON.stringify(v) !== first) };
  });
}

/** How a value reads in the table. */
export function formatSetting(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
