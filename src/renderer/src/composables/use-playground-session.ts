import type { EventPayload } from '@shared/api';
import {
  PlaygroundSetup,
  defaultPlaygroundSetup,
  type PlaygroundSetup as Setup,
} from '@shared/playground/playground-setup';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { studio } from '@renderer/api';
import { SeriesStore } from '@renderer/lib/series-store';
import { settle } from '@renderer/stores/request';

export type PlaygroundFrame = EventPayload<'playground.frame'>;
export type PlaygroundStatus = 'idle' | 'starting' | EventPayload<'playground.state'>['state'];
export type PlaygroundStep = 'step' | 'step-d' | 'step-g';

/** The host ends a session nobody called for a minute; the view says it is still here well within that. */
const PING_MS = 15_000;

/**
 * The playground view's session: the setup being edited, the session running on the host (in a process
 * of its own) and what it streams back — the latest frame, its state, and the charts' history. Leaving
 * the view stops the session, so nothing trains unseen.
 */
export function usePlaygroundSession() {
  const setup = ref<Setup>(defaultPlaygroundSetup());
  const status = ref<PlaygroundStatus>('idle');
  const backend = ref<string | null>(null);
  /** Why it paused by itself, failed, or could not start. */
  const reason = ref<string | null>(null);
  const frame = shallowRef<PlaygroundFrame | null>(null);
  /** The setup the running session was started with (edits apply on Reset). */
  const running = shallowRef<Setup | null>(null);
  /** Play steps per second, or null for full speed. */
  const speed = ref<number | null>(null);
  const history = new SeriesStore();
  const historyVersion = ref(0);
  /** Counts the sessions started: charts are rebuilt for each (their axes and reference lines differ). */
  const sessionCount = ref(0);
  let sessionId: string | null = null;
  let ping: ReturnType<typeof setInterval> | undefined;

  const offFrame = studio.on('playground.frame', (event) => {
    if (event.sessionId !== sessionId) return;
    frame.value = event;
    record(event);
  });
  const offState = studio.on('playground.state', (event) => {
    if (event.sessionId !== sessionId) return;
    status.value = event.state;
    backend.value = event.backend;
    if (event.reason !== null || event.state === 'playing') reason.value = event.reason;
    if (event.state === 'ended' || event.state === 'failed') endSession();
  });

  function record(event: PlaygroundFrame): void {
    const step = event.gUpdates;
    const { metrics, coverage } = event;
    const point = (name: string, value: number | null) => ({
      name,
      steps: [step],
      values: [value],
      wallTimes: [0],
    });
    const added = history.append([
      point('loss_d', metrics.lossD),
      point('loss_g', metrics.lossG),
      point('d_real', metrics.dReal),
      point('d_fake', metrics.dFake),
      point('divergence', metrics.divergence?.value ?? null),
      point('modes_captured', coverage.modesCaptured),
      point('high_quality_pct', coverage.highQualityPct),
    ]);
    if (added > 0) historyVersion.value += 1;
  }

  function endSession(): void {
    clearInterval(ping);
    ping = undefined;
    sessionId = null;
  }

  /** Starts a fresh session from the setup as edited (the old one, if any, ends). */
  async function start(): Promise<boolean> {
    const parsed = PlaygroundSetup.safeParse(setup.value);
    if (!parsed.success) {
      reason.value = `The setup is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`;
      return false;
    }
    const id = `pg-${crypto.randomUUID()}`;
    endSession();
    sessionId = id;
    status.value = 'starting';
    reason.value = null;
    frame.value = null;
    history.clear();
    historyVersion.value += 1;
    sessionCount.value += 1;
    running.value = parsed.data;
    const answer = await settle(() =>
      studio.playground.start({ sessionId: id, setup: parsed.data, stepsPerSecond: speed.value }),
    );
    if (!answer.ok) {
      if (sessionId === id) {
        status.value = 'failed';
        reason.value = answer.error.message;
        endSession();
      }
      return false;
    }
    ping = setInterval(() => void control('ping'), PING_MS);
    return true;
  }

  async function control(action: 'play' | 'pause' | PlaygroundStep | 'ping'): Promise<void> {
    if (!sessionId) {
      if (action === 'ping' || action === 'pause') return;
      if (!(await start())) return;
    }
    const id = sessionId!;
    const answer = await settle(() => studio.playground.control({ sessionId: id, action }));
    // false: the host has ended it (idle, or restarted elsewhere) — a fresh start is one click away.
    if (answer.ok && !answer.value && sessionId === id) {
      status.value = 'ended';
      endSession();
    }
  }

  async function setSpeed(stepsPerSecond: number | null): Promise<void> {
    speed.value = stepsPerSecond;
    const id = sessionId;
    if (id) await settle(() => studio.playground.speed({ sessionId: id, stepsPerSecond }));
  }

  async function stop(): Promise<void> {
    const id = sessionId;
    endSession();
    if (id) await settle(() => studio.playground.stop({ sessionId: id }));
  }

  onScopeDispose(() => {
    offFrame();
    offState();
    void stop();
  });

  return {
    setup,
    status,
    backend,
    reason,
    frame,
    running,
    speed,
    history,
    historyVersion,
    sessionCount,
    start,
    play: () => control('play'),
    pause: () => control('pause'),
    step: (kind: PlaygroundStep) => control(kind),
    setSpeed,
    stop,
  };
}
