import { createStudioClient, type StudioApi } from '../../shared/api/client';
import type { Studio } from '../studio';

/**
 * The typed client over a studio in this same process (the CLI). Calls still pass through
 * `studio.invoke`, so the CLI gets exactly the validation and error sentences every other host gets.
 */
export function createInProcessClient(studio: Studio): StudioApi {
  return createStudioClient({
    invoke: (method, input) => studio.invoke(method, input),
    subscribe: (event, listener) =>
      studio.events.subscribe((name, payload) => {
        if (name === event) listener(payload);
      }),
  });
}
