import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAM } from '../shared/api/wire';

/** 32 random bytes, URL-safe: unguessable, and fits in a query parameter without escaping. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token a request carries, as `Authorization: Bearer <token>` or the `token` query parameter. */
export function tokenOf(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return url.searchParams.get(TOKEN_PARAM);
}

/** Constant-time comparison, so response timing reveals nothing about how much of a guess was right. */
export function isAuthorized(request: IncomingMessage, url: URL, expected: string): boolean {
  const given = tokenOf(request, url);
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith('127.');
}

/**
 * DNS-rebinding guard: a page on evil.example whose name resolves to 127.0.0.1 would send
 * `Host: evil.example`. When the server listens on loopback only, accept only loopback host names.
 */
export function isAllowedHostHeader(hostHeader: string | undefined, boundHost: string): boolean {
  if (!isLoopbackAddress(boundHost)) return true;
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
  return LOOPBACK_NAMES.has(name.toLowerCase()) || name.startsWith('127.');
}
