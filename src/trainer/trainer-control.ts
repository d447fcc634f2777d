import type { TrainControl } from '../core/engine/train';

/** Pause, resume, stop and "sample now", as the training loop sees them between steps. */
export class TrainerControl implements TrainControl {
  private readonly abort = new AbortController();
  private paused = false;
  private wake: (() => void) | null = null;
  private sampleRequested = false;

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
    this.wake = null;
  }

  stop(): void {
    this.abort.abort();
    this.resume();
  }

  requestSample(): void {
    this.sampleRequested = true;
  }

  takeSampleRequest(): boolean {
    const requested = this.sampleRequested;
    this.sampleRequested = false;
    return requested;
  }

  async waitWhilePaused(onPause?: () => void, onResume?: () => void): Promise<void> {
    if (!this.paused) return;
    onPause?.();
    await new Promise<void>((resolve) => (this.wake = resolve));
    onResume?.();
  }
}
