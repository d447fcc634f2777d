import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../../shared/api/errors';
import { createTempStudio } from '../testing/temp-studio';
import { dispatchInvoke, type Handlers } from './dispatch';

describe('dispatchInvoke', () => {
  const studio = createTempStudio();
  afterEach(() => vi.restoreAllMocks());

  it('answers a value for a valid call', async () => {
    const result = await dispatchInvoke(studio.handlers, 'runs.list', {});
    expect(result).toEqual({ ok: true, value: [] });
  });

  it('treats a missing input as an empty one', async () => {
    expect(await dispatchInvoke(studio.handlers, 'datasets.list', undefined)).toEqual({
      ok: true,
      value: [],
    });
  });

  it('refuses an unknown method, including inherited object keys', async () => {
    for (const method of ['runs.delete-everything', 'toString', '__proto__', 42]) {
      const result = await dispatchInvoke(studio.handlers, method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('validates input against the contract and says which field is wrong', async () => {
    const missing = await dispatchInvoke(studio.handlers, 'runs.get', {});
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!missing.ok && missing.error.message).toMatch(/^The request to runs\.get is not valid: id: /);

    const extra = await dispatchInvoke(studio.handlers, 'runs.list', { limit: 5 });
    expect(!extra.ok && extra.error.message).toMatch(/limit/);

    const blank = await dispatchInvoke(studio.handlers, 'runs.get', { id: '   ' });
    expect(!blank.ok && blank.error.message).toMatch(/an id is required/);
  });

  it('passes a StudioError through as its code and sentence', async () => {
    const result = await dispatchInvoke(studio.handlers, 'runs.get', { id: 'run_missing' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('run_missing') },
    });
  });

  it('turns an unexpected exception into an internal error without leaking it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const handlers = {
      ...studio.handlers,
      'runs.list': () => {
        throw new TypeError('secret internals at /home/x/y.ts:12');
      },
    } as Handlers;
    const result = await dispatchInvoke(handlers, 'runs.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!result.ok && result.error.message).not.toMatch(/secret internals/);
    expect(console.error).toHaveBeenCalled();
  });

  it('keeps StudioError codes from handlers that throw asynchronously', async () => {
    const handlers = {
      ...studio.handlers,
      'runs.list': async () => {
        throw new StudioError('unavailable', 'No backend loads.');
      },
    } as Handlers;
    expect(await dispatchInvoke(handlers, 'runs.list', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'No backend loads.' },
    });
  });
});
