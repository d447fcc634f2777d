import type { ApiError, EventName, MethodName, Result, StudioTransport } from '@shared/api';
import { TOKEN_PARAM, WS_PATH, type ClientMessage, type ServerMessage } from '@shared/api';

/**
 * The browser's link to the server host: one WebSocket carrying invokes (with ids) and pushed events.
 * It reconnects with backoff when the server restarts. Invokes made while disconnected wait for the
 * connection (up to a minute); an invoke already sent has no time limit (an import may take many
 * minutes) but fails at once if its connection drops, since its answer can no longer arrive.
 */

const CONNECT_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 5_000;

type Pending = {
  resolve: (result: Result<unknown>) => void;
  method: MethodName;
  /** Until sent: fails the invoke if no connection comes. */
  timer: ReturnType<typeof setTimeout> | null;
  /** Once sent: the socket its answer must come back on. */
  socket: WebSocket | null;
};

export function createWebSocketTransport(baseUrl: URL, token: string): StudioTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const queue: ClientMessage[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let backoff = 250;
  let refused: ApiError | null = null;

  const wsUrl = new URL(WS_PATH, baseUrl);
  wsUrl.protocol = baseUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set(TOKEN_PARAM, token);

  function fail(id: number, error: ApiError): void {
    const entry = pending.get(id);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    pending.delete(id);
    entry.resolve({ ok: false, error });
  }

  function send(ws: WebSocket, message: ClientMessage): void {
    const entry = pending.get(message.id);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.socket = ws;
    ws.send(JSON.stringify(message));
  }

  /** A refused upgrade looks like any other close to a browser; ask over HTTP whether the token is the cause. */
  async function checkToken(): Promise<void> {
    const response = await fetch(new URL('/api/system/info', baseUrl), {
      headers: { Authorization: `Bearer ${token}` },
    }).catch(() => null);
    if (response?.status !== 401) return;
    refused = {
      code: 'unauthorized',
      message:
        'This page has no valid access token. Open the full URL that `gan-studio serve` printed (it ends in ?token=…).',
    };
    for (const id of [...pending.keys()]) fail(id, refused);
    queue.length = 0;
  }

  function connect(): void {
    const ws = new WebSocket(wsUrl);
    let opened = false;
    socket = ws;
    ws.addEventListener('open', () => {
      opened = true;
      backoff = 250;
      for (const message of queue.splice(0)) send(ws, message);
    });
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as ServerMessage;
      if (message.type === 'result') {
        const entry = pending.get(message.id);
        if (!entry) return;
        pending.delete(message.id);
        entry.resolve(message.result);
      } else {
        listeners.get(message.event)?.forEach((listener) => listener(message.payload));
      }
    });
    ws.addEventListener('close', () => {
      socket = null;
      for (const [id, entry] of pending) {
        if (entry.socket !== ws) continue;
        fail(id, {
          code: 'unavailable',
          message: `The connection to the studio server was lost while ${entry.method} was running. It may still have finished: check, then try again if needed.`,
        });
      }
      void (opened ? Promise.resolve() : checkToken()).then(() => {
        if (refused) return;
        setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      });
    });
  }
  connect();

  return {
    invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
      if (refused) return Promise.resolve({ ok: false, error: refused });
      const id = nextId++;
      const message: ClientMessage = { type: 'invoke', id, method, input };
      return new Promise((resolve) => {
        const timer = setTimeout(
          () =>
            fail(id, {
              code: 'unavailable',
              message: `The studio server cannot be reached, so ${method} was not sent. Check that \`gan-studio serve\` is still running.`,
            }),
          CONNECT_TIMEOUT_MS,
        );
        pending.set(id, { resolve, method, timer, socket: null });
        if (socket?.readyState === WebSocket.OPEN) send(socket, message);
        else queue.push(message);
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
