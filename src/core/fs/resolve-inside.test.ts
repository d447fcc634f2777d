import { describe, expect, it } from 'vitest';
import { resolveInside, resolveMediaPath, resolveUrlPathInside } from './resolve-inside';

describe('resolveInside', () => {
  it('resolves paths inside the root', () => {
    expect(resolveInside('/srv/app', '/assets/index.js')).toBe('/srv/app/assets/index.js');
    expect(resolveInside('/srv/app', '/')).toBe('/srv/app/');
  });

  it('refuses paths that escape the root', () => {
    expect(resolveInside('/srv/app', '/../secret')).toBeNull();
    expect(resolveInside('/srv/app', '/assets/../../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/a\0b')).toBeNull();
    expect(resolveInside('/srv/app', '/../app-other/x')).toBeNull();
  });
});

describe('resolveUrlPathInside', () => {
  it('decodes percent-escapes before checking, and refuses malformed ones', () => {
    expect(resolveUrlPathInside('/srv/app', '/a%20b.png')).toBe('/srv/app/a b.png');
    expect(resolveUrlPathInside('/srv/app', '/%2e%2e/secret')).toBeNull();
    expect(resolveUrlPathInside('/srv/app', '/%E0%A4%A')).toBeNull();
  });
});

describe('resolveMediaPath', () => {
  it('resolves media paths, judged after decoding', () => {
    expect(resolveMediaPath('/data', 'runs/r1/samples/100.png')).toBe('/data/runs/r1/samples/100.png');
    expect(resolveMediaPath('/data', 'runs/r1/samples/a%20b.png')).toBe('/data/runs/r1/samples/a b.png');
    for (const raw of [
      'studio.db',
      'runs/r1/samples/%2e%2e/checkpoints/1/state.json',
      'runs/r1/samples/..%2f..%2f..%2fstudio.db.png',
      'runs/r1/samples/%E0%A4%A.png',
    ]) {
      expect(resolveMediaPath('/data', raw), raw).toBeNull();
    }
  });
});
