import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../shared/api/wire';
import type { Studio } from '../core/studio';

/** One message is one command; anything bigger is not a studio client. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The WebSocket half of the server: invokes in, results and pushed events out. Authentication happens
 * before the upgrade (server.ts); by the time a socket reaches here it belongs to the token holder.
 */
export function createWebSocketBridge(studio: Studio): { wss: WebSocketServer; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  const unsubscribe = studio.events.subscribe((event, payload) => {
    for (const socket of wss.clients) send(socket, { type: 'event', event, payload });
  });

  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const message = parseClientMessage(data.toString());
      if (!message) {
        socket.close(1003, 'not a studio client message');
        return;
      }
      void studio.invoke(message.method, message.input).then((result) => {
        send(socket, { type: 'result', id: message.id, result });
      });
    });
  });

  return {
    wss,
    close() {
      unsubscribe();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  };
}

function parseClientMessage(text: string): ClientMessage | null {
  try {
    const value = JSON.parse(text) as Partial<ClientMessage> | null;
    if (value?.type !== 'invoke' || !Number.isInteger(value.id) || typeof value.method !== 'string') {
      return null;
    }
    return { type: 'invoke', id: value.id as number, method: value.method, input: value.input };
  } catch {
    return null;
  }
}
