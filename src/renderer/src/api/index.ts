import { createStudioClient, TOKEN_PARAM, type StudioApi } from '@shared/api';
import { createWebSocketTransport } from './ws-transport';

/**
 * The renderer's one door to the studio. Under Electron the preload has already built `window.studio`
 * from the same contract; in a browser we build it over the server's WebSocket. Only this file knows
 * the difference.
 */

declare global {
  interface Window {
    readonly studio?: StudioApi;
  }
}

const TOKEN_STORAGE_KEY = 'gan-studio.token';

/**
 * The server prints a URL carrying `?token=`. Keep the token for this tab only (sessionStorage) and take
 * it out of the address bar, so it is not bookmarked, shared in a screenshot or sent as a Referer.
 */
function takeServerToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_PARAM);
    window.history.replaceState(window.history.state, '', url);
    return fromUrl;
  }
  return getServerToken();
}

/** The server's access token for this tab, for requests the WebSocket does not carry (file uploads). */
export function getServerToken(): string {
  return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
}

function createApi(): StudioApi {
  if (window.studio) return window.studio;
  return createStudioClient(createWebSocketTransport(new URL(window.location.href), takeServerToken()));
}

export const studio: StudioApi = createApi();
export const runsInElectron = Boolean(window.studio);
