import { describe, expect, it } from 'vitest';
import { checkUploadPath, isUploadId, matchUploadFilesPath, uploadFilesPath } from './uploads';

describe('upload wire format', () => {
  it('keeps relative paths that stay inside the dropped folder', () => {
    for (const path of [
      'a.png',
      'cats/a.png',
      '.DS_Store',
      'cats/.hidden/x.png',
      'ü ñ/+&?#%.png',
      '..a/b..',
    ]) {
      expect(checkUploadPath(path), path).toEqual({ ok: true, path, segments: path.split('/') });
    }
    expect(checkUploadPath(Array(32).fill('d').join('/')).ok).toBe(true);
    expect(checkUploadPath('é'.repeat(127)).ok).toBe(true);
  });

  it('refuses every way out, with a reason', () => {
    const cases: Record<string, RegExp> = {
      '': /empty/,
      '../a': /\.\./,
      'a/../../b': /\.\./,
      './a': /\.\./,
      '/etc/passwd': /absolute/,
      'a//b': /empty folder name/,
      'a/': /empty folder name/,
      'a\\b': /backslash/,
      'a\u0000b': /control/,
      'a\u001bb': /control/,
      'a\u0085b': /control/,
      [`${'x'.repeat(1001)}`]: /1000 characters/,
      [Array(33).fill('d').join('/')]: /32 folders/,
      // 128 two-byte characters: 256 bytes in UTF-8.
      ['é'.repeat(128)]: /255 bytes/,
    };
    for (const [path, reason] of Object.entries(cases)) {
      const check = checkUploadPath(path);
      expect(check.ok, JSON.stringify(path)).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(reason);
    }
  });

  it('spells the route once, and recognises only well-formed ids', () => {
    // create-id.test.ts checks that createId('up') makes ids of this form.
    const id = 'up_01jd5k3x7ab12cd34';
    expect(isUploadId(id)).toBe(true);
    expect(matchUploadFilesPath(uploadFilesPath(id))).toBe(id);
    expect(matchUploadFilesPath('/api/uploads/create')).toBeNull();
    expect(matchUploadFilesPath('/api/uploads/a/b/files')).toBeNull();
    for (const bad of [
      'up_../../x',
      'run_01jd5k3x7ab12cd34',
      'up_0000000000000000',
      'UP_0000000000000000A',
    ]) {
      expect(isUploadId(bad), bad).toBe(false);
    }
  });
});
