import { describe, expect, it } from 'vitest';
import { createTempStudio } from '../testing/temp-studio';

describe('system.pickFolder', () => {
  it.each(['server', 'cli'] as const)('is unavailable on the %s host, pointing to uploads', async (host) => {
    const studio = createTempStudio(host);
    try {
      expect(await studio.invoke('system.pickFolder', {})).toEqual({
        ok: false,
        error: { code: 'unavailable', message: expect.stringMatching(/desktop app.*browser uploads/) },
      });
    } finally {
      studio.dispose();
    }
  });

  it('is answered by the host when it provides its own handler (the desktop app’s dialog)', async () => {
    const studio = createTempStudio('electron', {
      hostHandlers: { 'system.pickFolder': () => ({ path: '/home/me/cats' }) },
    });
    try {
      expect(await studio.invoke('system.pickFolder', {})).toEqual({
        ok: true,
        value: { path: '/home/me/cats' },
      });
      // Still validated at the edge like every other method.
      expect(await studio.invoke('system.pickFolder', { path: '/x' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    } finally {
      studio.dispose();
    }
  });
});
