import type { Result } from './errors';

/**
 * Messages on the server's WebSocket (`/api/ws`). Invokes carry an id so replies can arrive in any
 * order; events carry none. Readonly discriminated unions, as every process boundary in the studio.
 */
export type ClientMessage = {
  readonly type: 'invoke';
  readonly id: number;
  readonly method: string;
  readonly input: unknown;
};

export type ServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown };

export const WS_PATH = '/api/ws';
/** Query parameter (page URL, WebSocket URL) and header scheme that carry the server's access token. */
export const TOKEN_PARAM = 'token';
