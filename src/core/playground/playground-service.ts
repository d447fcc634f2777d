import type { ParsedInput } from '../../shared/api/contract';
import { StudioError } from '../../shared/api/errors';
import type { EventBus } from '../api/event-bus';
import { describeExit, type SpawnTrainer, type TrainerHandle } from '../runs/trainer-handle';

export interface PlaygroundServiceOptions {
  readonly events: EventBus;
  /** How this host starts the process the playground runs in; null: it cannot. */
  readonly spawnProcess: SpawnTrainer | null;
  /** A session nobody has called for this long ends (default one minute). */
  readonly idleMs?: number;
  /** How long a stopped session may take to end before its process is killed. */
  readonly stopGraceMs?: number;
}

export interface PlaygroundService {
  readonly handlers: {
    'playground.start'(input: ParsedInput<'playground.start'>): { sessionId: string };
    'playground.control'(input: ParsedInput<'playground.control'>): boolean;
    'playground.speed'(input: ParsedInput<'playground.speed'>): boolean;
    'playground.stop'(input: ParsedInput<'playground.stop'>): boolean;
  };
  /** Ends the session under way, if any, and waits for its process to exit. */
  shutdown(): Promise<void>;
}

interface Session {
  readonly id: string;
  readonly handle: TrainerHandle;
  readonly exited: Promise<void>;
  backend: string | null;
  stopping: boolean;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  killTimer: ReturnType<typeof setTimeout> | undefined;
}

const IDLE_MS = 60_000;

/**
 * The playground.* methods: the interactive 2-D playground runs in a process of its own (the trainer
 * script in its playground mode), so training never runs on the host's event loop or the view's thread,
 * and a crash there ends the session, never the host. Its frames and state changes are relayed as
 * events, tagged with the session id the view chose.
 */
export function createPlaygroundService(options: PlaygroundServiceOptions): PlaygroundService {
  const { events } = options;
  const idleMs = options.idleMs ?? IDLE_MS;
  let current: Session | null = null;

  const emitState = (
    session: Session,
    state: 'paused' | 'playing' | 'ended' | 'failed',
    reason: string | null,
  ): void =>
    events.emit('playground.state', { sessionId: session.id, state, backend: session.backend, reason });

  function stop(session: Session): void {
    if (session.stopping) return;
    session.stopping = true;
    clearTimeout(session.idleTimer);
    session.handle.send({ type: 'stop' });
    session.killTimer = setTimeout(() => session.handle.kill(), options.stopGraceMs ?? 3000);
  }

  /** Every call about a session restarts its idle clock. */
  function touch(session: Session): void {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => stop(session), idleMs);
  }

  function live(sessionId: string): Session | null {
    return current && current.id === sessionId && !current.stopping ? current : null;
  }

  function start(input: ParsedInput<'playground.start'>): { sessionId: string } {
    const spawn = options.spawnProcess;
    if (!spawn) {
      throw new StudioError(
        'unavailable',
        'This host cannot start processes, so the playground cannot train here.',
      );
    }
    if (current) stop(current);
    let handle: TrainerHandle;
    try {
      handle = spawn();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new StudioError('unavailable', `The playground process could not be started: ${detail}`);
    }
    let failure: string | null = null;
    let resolveExited!: () => void;
    const session: Session = {
      id: input.sessionId,
      handle,
      exited: new Promise((resolve) => (resolveExited = resolve)),
      backend: null,
      stopping: false,
      idleTimer: undefined,
      killTimer: undefined,
    };
    handle.onMessage((message) => {
      switch (message.type) {
        case 'started':
          session.backend = message.backend;
          // The idle clock starts once the session runs: loading a backend can take a while.
          touch(session);
          emitState(session, 'paused', null);
          return;
        case 'playground-frame':
          events.emit('playground.frame', { sessionId: session.id, ...message.frame });
          return;
        case 'playground-state':
          emitState(session, message.state, message.reason);
          return;
        case 'finished':
          if (message.status === 'failed') failure = message.reason;
          return;
        case 'log':
          if (message.level === 'error') console.error(`[playground] ${message.message}`);
          return;
      }
    });
    handle.onExit((code, signal) => {
      clearTimeout(session.idleTimer);
      clearTimeout(session.killTimer);
      if (current === session) current = null;
      if (failure !== null) {
        emitState(session, 'failed', `The playground stopped: ${failure}`);
      } else if (session.stopping) {
        emitState(session, 'ended', null);
      } else {
        const { how, lastOutput } = describeExit(code, signal, handle.stderrTail());
        emitState(session, 'failed', `The playground process ${how}.${lastOutput}`);
      }
      resolveExited();
    });
    current = session;
    touch(session);
    handle.send({ type: 'playground', setup: input.setup });
    if (input.stepsPerSecond !== null) {
      handle.send({ type: 'playground-speed', stepsPerSecond: input.stepsPerSecond });
    }
    return { sessionId: session.id };
  }

  return {
    handlers: {
      'playground.start': start,
      'playground.control'({ sessionId, action }) {
        const session = live(sessionId);
        if (!session) return false;
        touch(session);
        if (action !== 'ping') session.handle.send({ type: 'playground-control', action });
        return true;
      },
      'playground.speed'({ sessionId, stepsPerSecond }) {
        const session = live(sessionId);
        if (!session) return false;
        touch(session);
        session.handle.send({ type: 'playground-speed', stepsPerSecond });
        return true;
      },
      'playground.stop'({ sessionId }) {
        const session = live(sessionId);
        if (!session) return false;
        stop(session);
        return true;
      },
    },
    async shutdown() {
      const session = current;
      if (!session) return;
      stop(session);
      await session.exited;
    },
  };
}
