import { StudioError } from '../../../shared/api/errors';

export const CANCELLED_MESSAGE = 'The import was cancelled; nothing was saved.';

/** Long loops call this between steps: cancelling is cooperative, and always leaves nothing behind. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StudioError('cancelled', CANCELLED_MESSAGE);
}
