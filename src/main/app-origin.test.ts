import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-origin';

describe('isAppUrl', () => {
  it('trusts the app origin and, in development, the dev server', () => {
    expect(isAppUrl('studio://app/index.html#/runs', undefined)).toBe(true);
    expect(isAppUrl('http://localhost:5173/#/runs', 'http://localhost:5173/')).toBe(true);
  });

  it('trusts nothing else', () => {
    for (const url of [
      'studio://media/datasets/x.png',
      'file:///etc/passwd',
      'https://example.com/',
      'http://localhost:5174/',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isAppUrl(url, 'http://localhost:5173/'), String(url)).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
  });
});
