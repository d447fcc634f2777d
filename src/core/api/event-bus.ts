import type { EventName, EventPayload } from '../../shared/api/contract';

/**
 * Where core announces what happened (import progress, run status…). Hosts subscribe once and forward
 * every event to their clients: the Electron host to its windows, the server to its WebSockets.
 */
export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) {
        // One failing listener (a closed socket, a destroyed window) must not starve the others.
        try {
          listener(event, payload);
        } catch (error) {
          console.error(`[events] a listener for ${event} failed:`, error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
