import { describe, expect, it } from 'vitest';
import { createStudioClient, type StudioTransport } from './client';
import { METHOD_NAMES, methodToPath, pathToMethod } from './contract';

describe('createStudioClient', () => {
  it('derives one named function per contract method, forwarding name and input', async () => {
    const calls: [string, unknown][] = [];
    const transport: StudioTransport = {
      invoke: async (method, input) => {
        calls.push([method, input]);
        return { ok: true, value: method };
      },
      subscribe: () => () => undefined,
    };
    const api = createStudioClient(transport);
    for (const method of METHOD_NAMES) {
      const [namespace, verb] = method.split('.') as [string, string];
      const fn = (api as unknown as Record<string, Record<string, unknown>>)[namespace]?.[verb];
      expect(typeof fn, method).toBe('function');
    }
    expect(await api.runs.get({ id: 'run_1' })).toEqual({ ok: true, value: 'runs.get' });
    await api.system.info();
    expect(calls).toEqual([
      ['runs.get', { id: 'run_1' }],
      ['system.info', {}],
    ]);
  });

  it('subscribes through the transport and hands back its unsubscribe', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = createStudioClient({
      invoke: async () => ({ ok: true, value: null }),
      subscribe: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    });
    const seen: unknown[] = [];
    const stop = api.on('run.status', (payload) => seen.push(payload.status));
    listeners.get('run.status')?.({ runId: 'r', status: 'failed', reason: 'NaN' });
    stop();
    expect(seen).toEqual(['failed']);
    expect(listeners.has('run.status')).toBe(false);
  });
});

describe('HTTP routes derived from the contract', () => {
  it('maps every method to a path and back', () => {
    for (const method of METHOD_NAMES) expect(pathToMethod(methodToPath(method))).toBe(method);
    expect(methodToPath('system.info')).toBe('/api/system/info');
  });

  it('maps nothing else', () => {
    for (const path of ['/api/system', '/api/system/info/x', '/api/constructor/name', '/api/runs/list/']) {
      expect(pathToMethod(path)).toBeNull();
    }
  });
});
