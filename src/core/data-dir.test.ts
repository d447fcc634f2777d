import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir';

describe('resolveDataDir', () => {
  it('prefers GAN_STUDIO_HOME', () => {
    expect(resolveDataDir({ GAN_STUDIO_HOME: '/tmp/studio-x' }, 'linux')).toBe('/tmp/studio-x');
  });

  it('ignores a blank GAN_STUDIO_HOME and falls back to the platform folder', () => {
    expect(resolveDataDir({ GAN_STUDIO_HOME: '  ', XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/gan-studio');
  });

  it('uses the per-user application-data folder of each platform', () => {
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/GAN Studio$/);
    expect(resolveDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/GAN Studio$/);
    expect(resolveDataDir({}, 'linux')).toMatch(/\.local\/share\/gan-studio$/);
  });
});
