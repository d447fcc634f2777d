import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathToMethod } from '../shared/api/contract';
import type { Result } from '../shared/api/errors';
import type { Studio } from '../core/studio';
import { HTTP_STATUS } from './http-status';

/** JSON request bodies are small commands; images travel by the upload route (upload-route.ts). */
const MAX_BODY_BYTES = 1024 * 1024;

export function sendResult(response: ServerResponse, result: Result<unknown>): void {
  const status = result.ok ? 200 : HTTP_STATUS[result.error.code];
  const body = JSON.stringify(result);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
  });
  response.end(body);
}

/**
 * `/api/<namespace>/<verb>` for every contract method: GET with no input, or POST with a JSON body.
 * The route table is the contract itself (`pathToMethod`), never a list kept here.
 */
export async function handleApiRequest(
  studio: Studio,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const method = pathToMethod(url.pathname);
  if (!method) {
    sendResult(response, {
      ok: false,
      error: { code: 'not_found', message: `There is no API route ${url.pathname}.` },
    });
    return;
  }
  if (request.method !== 'GET' && request.method !== 'POST') {
    response.writeHead(405, { Allow: 'GET, POST' }).end();
    return;
  }
  const body = request.method === 'POST' ? await readJsonBody(request) : { ok: true as const, value: {} };
  if (body === TOO_LARGE) {
    // The rest of the body is never read, so this connection cannot carry another request.
    response.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
    response.end(JSON.stringify(invalid(`The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)));
    return;
  }
  if (!body.ok) {
    sendResult(response, body);
    return;
  }
  sendResult(response, await studio.invoke(method, body.value));
}

const TOO_LARGE = Symbol('too large');

async function readJsonBody(request: IncomingMessage): Promise<Result<unknown> | typeof TOO_LARGE> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return TOO_LARGE;
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return invalid('The request body is not valid JSON.');
  }
}

function invalid(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid_input', message } };
}
