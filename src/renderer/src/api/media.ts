import { MEDIA_ROUTE, TOKEN_PARAM } from '@shared/api';
import { getServerToken, runsInElectron } from './index';

/**
 * The URL of a file in the data directory (a dataset preview, a sample grid), from the path the API
 * gives (`runs/<id>/samples/000100.png`). Never `file://`: Electron serves `studio://media/…`, the server
 * `/media/…` with the tab's token (an <img> cannot send an Authorization header).
 */
export function mediaUrl(relativePath: string): string {
  const path = relativePath.split('/').map(encodeURIComponent).join('/');
  if (runsInElectron) return `studio://media/${path}`;
  return `${MEDIA_ROUTE}/${path}?${TOKEN_PARAM}=${encodeURIComponent(getServerToken())}`;
}
