import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api/contract';
import { PlaygroundSetup, defaultPlaygroundSetup } from '../../shared/playground/playground-setup';
import { createEventBus } from '../api/event-bus';
import { crashingTrainer, realTrainer, waitFor } from '../runs/test-support';
import type { SpawnTrainer } from '../runs/trainer-handle';
import { createPlaygroundService, type PlaygroundService } from './playground-service';

// The playground's host side against the real trainer process in its playground mode: commands in,
// frames and states out, and a session that ends by itself, on a crash, or when another starts.

type Frame = EventPayload<'playground.frame'>;
type State = EventPayload<'playground.state'>;

const SETUP: PlaygroundSetup = PlaygroundSetup.parse({
  ...defaultPlaygroundSetup(),
  generator: { depth: 2, width: 16 },
  discriminator: { depth: 2, width: 16 },
  batchSize: 32,
});

interface Harness {
  readonly service: PlaygroundService;
  readonly frames: Frame[];
  readonly states: State[];
}

const open: PlaygroundService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.shutdown()));
});

function harness(spawn: SpawnTrainer = realTrainer(), idleMs?: number): Harness {
  const events = createEventBus();
  const frames: Frame[] = [];
  const states: State[] = [];
  events.subscribe((name, payload) => {
    if (name === 'playground.frame') frames.push(payload as Frame);
    if (name === 'playground.state') states.push(payload as State);
  });
  const service = createPlaygroundService({
    events,
    spawnProcess: spawn,
    ...(idleMs === undefined ? {} : { idleMs }),
  });
  open.push(service);
  return { service, frames, states };
}

const lastFrame = (h: Harness, sessionId: string) => h.frames.filter((f) => f.sessionId === sessionId).at(-1);
const stateOf = (h: Harness, sessionId: string) => h.states.filter((s) => s.sessionId === sessionId).at(-1);

describe('playground service', () => {
  it('starts paused with a frame, plays, pauses, takes single D and G steps, and ends on stop', async () => {
    const h = harness();
    const { handlers } = h.service;
    handlers['playground.start']({ sessionId: 'a', setup: SETUP, stepsPerSecond: null });
    await waitFor('the first frame', () => lastFrame(h, 'a'));
    expect(lastFrame(h, 'a')).toMatchObject({ gUpdates: 0, dUpdates: 0 });
    expect(stateOf(h, 'a')).toMatchObject({ state: 'paused' });
    expect(stateOf(h, 'a')?.backend).toBeTruthy();

    expect(handlers['playground.control']({ sessionId: 'a', action: 'play' })).toBe(true);
    await waitFor('steps while playing', () => (lastFrame(h, 'a')?.gUpdates ?? 0) >= 20);
    expect(h.states.some((s) => s.sessionId === 'a' && s.state === 'playing')).toBe(true);

    handlers['playground.control']({ sessionId: 'a', action: 'pause' });
    await waitFor('paused', () => stateOf(h, 'a')?.state === 'paused');
    // The process sends the state, then at once the frame of where it stopped; nothing more while paused.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const paused = lastFrame(h, 'a')!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lastFrame(h, 'a')).toEqual(paused);
    handlers['playground.control']({ sessionId: 'a', action: 'step-d' });
    await waitFor('a D step', () => lastFrame(h, 'a')!.dUpdates === paused.dUpdates + 1);
    expect(lastFrame(h, 'a')!.gUpdates).toBe(paused.gUpdates);
    handlers['playground.control']({ sessionId: 'a', action: 'step-g' });
    await waitFor('a G step', () => lastFrame(h, 'a')!.gUpdates === paused.gUpdates + 1);
    expect(lastFrame(h, 'a')!.dUpdates).toBe(paused.dUpdates + 1);

    expect(handlers['playground.stop']({ sessionId: 'a' })).toBe(true);
    await waitFor('ended', () => stateOf(h, 'a')?.state === 'ended');
    expect(handlers['playground.control']({ sessionId: 'a', action: 'play' })).toBe(false);
  });

  it('plays in slow motion at the speed asked for', async () => {
    const h = harness();
    const { handlers } = h.service;
    handlers['playground.start']({ sessionId: 's', setup: SETUP, stepsPerSecond: 5 });
    await waitFor('the first frame', () => lastFrame(h, 's'));
    handlers['playground.control']({ sessionId: 's', action: 'play' });
    await waitFor('playing', () => stateOf(h, 's')?.state === 'playing');
    const t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const steps = lastFrame(h, 's')!.gUpdates;
    const seconds = (Date.now() - t0) / 1000;
    // Five steps a second, one frame each: far fewer than full speed (hundreds), never more than asked.
    expect(steps).toBeGreaterThanOrEqual(1);
    expect(steps).toBeLessThanOrEqual(Math.ceil(5 * seconds) + 2);
    expect(h.frames.filter((f) => f.sessionId === 's' && f.gUpdates > 0).length).toBe(steps);
  });

  it('starting a session ends the one before; unknown sessions answer false', async () => {
    const h = harness();
    const { handlers } = h.service;
    handlers['playground.start']({ sessionId: 'first', setup: SETUP, stepsPerSecond: null });
    handlers['playground.start']({ sessionId: 'second', setup: SETUP, stepsPerSecond: null });
    await waitFor('the first ended', () => stateOf(h, 'first')?.state === 'ended');
    await waitFor('the second frame', () => lastFrame(h, 'second'));
    expect(handlers['playground.control']({ sessionId: 'first', action: 'play' })).toBe(false);
    expect(handlers['playground.speed']({ sessionId: 'nope', stepsPerSecond: 2 })).toBe(false);
    expect(handlers['playground.stop']({ sessionId: 'nope' })).toBe(false);
  });

  it('a session nobody calls for ends by itself; pings keep one alive', async () => {
    const h = harness(realTrainer(), 1500);
    const { handlers } = h.service;
    handlers['playground.start']({ sessionId: 'idle', setup: SETUP, stepsPerSecond: null });
    await waitFor('the first frame', () => lastFrame(h, 'idle'));
    expect(handlers['playground.control']({ sessionId: 'idle', action: 'ping' })).toBe(true);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(handlers['playground.control']({ sessionId: 'idle', action: 'ping' })).toBe(true);
    }
    await waitFor('ended when idle', () => stateOf(h, 'idle')?.state === 'ended');
  });

  it('a crashed process fails the session with what it printed, and the host goes on', async () => {
    const crash = crashingTrainer(3, 'playground');
    try {
      const h = harness(crash.spawn);
      h.service.handlers['playground.start']({ sessionId: 'c', setup: SETUP, stepsPerSecond: null });
      await waitFor('failed', () => stateOf(h, 'c')?.state === 'failed');
      expect(stateOf(h, 'c')?.reason).toMatch(/exited with code 3.*out of cheese/);
    } finally {
      crash.cleanup();
    }
  });

  it('refuses to start where the host cannot start processes', () => {
    const events = createEventBus();
    const service = createPlaygroundService({ events, spawnProcess: null });
    expect(() =>
      service.handlers['playground.start']({ sessionId: 'x', setup: SETUP, stepsPerSecond: null }),
    ).toThrow(/cannot start processes/);
  });
});
