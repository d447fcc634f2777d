import type { PlaygroundSetup } from '../shared/playground/playground-setup';
import { PlaygroundSession, type PlaygroundFrameData } from '../core/playground/playground-session';
import { chooseBackend } from './choose-backend';
import type { ParentChannel } from './parent-channel';

/** While playing at full speed, a frame at most this often: the view redraws, training goes on. */
const FRAME_INTERVAL_MS = 100;
/** Full speed steps in slices this long between yields, so commands are heard promptly. */
const SLICE_MS = 30;

type Command = 'play' | 'pause' | 'step' | 'step-d' | 'step-g';

/**
 * The playground process's work: one PlaygroundSession, driven by the view's commands — play (at full
 * speed or in slow motion), pause, and single D, G or whole steps — with a frame after each step it
 * shows. A network that diverges pauses the session with the reason; only `stop` (or the host going
 * away) ends it.
 */
export class PlaygroundRunner {
  private readonly session: PlaygroundSession;
  private playing = false;
  private stepsPerSecond: number | null = null;
  private readonly queue: Command[] = [];
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(
    setup: PlaygroundSetup,
    private readonly channel: ParentChannel,
  ) {
    this.session = new PlaygroundSession(setup);
  }

  command(action: Command): void {
    this.queue.push(action);
    this.notify();
  }

  setSpeed(stepsPerSecond: number | null): void {
    this.stepsPerSecond = stepsPerSecond;
    this.notify();
  }

  stop(): void {
    this.stopped = true;
    this.notify();
  }

  async run(): Promise<void> {
    try {
      await this.sendFrame();
      let lastFrame = Date.now();
      while (!this.stopped) {
        const next = this.queue.shift();
        if (next) {
          if (await this.apply(next)) lastFrame = Date.now();
          continue;
        }
        if (!this.playing) {
          await this.sleep(null);
          continue;
        }
        if (this.stepsPerSecond !== null) {
          // Slow motion: one step, its frame, then the rest of the step's time.
          const started = Date.now();
          this.session.step();
          if (!(await this.sendFrame())) continue;
          await this.sleep(Math.max(0, 1000 / this.stepsPerSecond - (Date.now() - started)));
          continue;
        }
        const sliceEnd = Date.now() + SLICE_MS;
        while (Date.now() < sliceEnd) this.session.step();
        if (Date.now() - lastFrame >= FRAME_INTERVAL_MS) {
          lastFrame = Date.now();
          await this.sendFrame();
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.session.dispose();
    }
  }

  /** Carries out one command; true when it sent a frame. */
  private async apply(action: Command): Promise<boolean> {
    switch (action) {
      case 'play':
        this.setPlaying(true, null);
        return false;
      case 'pause':
        this.setPlaying(false, null);
        // The frame of where it stopped, so the view shows exactly the paused state.
        return this.sendFrame();
      case 'step':
      case 'step-d':
      case 'step-g':
        // A single step while playing would be lost in the stream: it pauses first.
        this.setPlaying(false, null);
        if (action === 'step') this.session.step();
        else if (action === 'step-d') this.session.stepDiscriminator();
        else this.session.stepGenerator();
        return this.sendFrame();
    }
  }

  private setPlaying(playing: boolean, reason: string | null): void {
    if (this.playing === playing && reason === null) return;
    this.playing = playing;
    this.channel.send({ type: 'playground-state', state: playing ? 'playing' : 'paused', reason });
  }

  /** Sends the current frame; a diverged network pauses the session and answers false. */
  private async sendFrame(): Promise<boolean> {
    const frame = await this.session.frame();
    this.channel.send({ type: 'playground-frame', frame });
    const broken = divergedMetric(frame);
    if (!broken) return true;
    this.setPlaying(
      false,
      `${broken} is no longer a finite number: the networks diverged. Lower the learning rates or pick another objective, then reset.`,
    );
    return false;
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }

  /** Waits for a command, or until `ms` have passed (null: for a command only). */
  private sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === null ? undefined : setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The first metric a step produced that is not finite, by its name on the charts; null when all are. */
function divergedMetric(frame: PlaygroundFrameData): string | null {
  const { metrics } = frame;
  const stepped = { 'D loss': frame.dUpdates > 0, 'G loss': frame.gUpdates > 0 };
  if (stepped['D loss'] && metrics.lossD === null) return 'D loss';
  if (stepped['G loss'] && metrics.lossG === null) return 'G loss';
  if (frame.gUpdates > 0 && frame.fake.some((v) => v === null)) return "G's output";
  return null;
}

/** Starts the backend and the runner; the process's message handler forwards commands to the runner. */
export async function startPlayground(
  setup: PlaygroundSetup,
  channel: ParentChannel,
): Promise<PlaygroundRunner> {
  const backend = await chooseBackend({ backend: 'auto' }, { pointData: true });
  channel.send({ type: 'started', backend: backend.name, backendDetail: backend.detail, step: 0 });
  return new PlaygroundRunner(setup, channel);
}
