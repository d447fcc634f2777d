/**
 * The one Content-Security-Policy of the studio UI. The server sends it as a header, the Electron
 * protocol handler with every `studio://` response, and the build writes it into index.html's meta tag.
 * No remote code, no inline scripts or styles, no eval; images from the app itself (plus the Electron
 * media host, where that exists).
 */
export interface PolicyOptions {
  readonly extraImageSources?: readonly string[];
  /** Where the page may open WebSockets beyond 'self' (not every browser lets 'self' cover ws:). */
  readonly extraConnectSources?: readonly string[];
  /** A <meta> tag cannot carry frame-ancestors (browsers ignore it there and log an error). */
  readonly forMetaTag?: boolean;
}

export function buildContentSecurityPolicy(options: PolicyOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data: blob:", ...(options.extraImageSources ?? [])].join(' '),
    ["connect-src 'self'", ...(options.extraConnectSources ?? [])].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.forMetaTag ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}
