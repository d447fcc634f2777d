import type { DesktopBridge } from '@shared/api';

declare global {
  interface Window {
    readonly studioDesktop?: DesktopBridge;
  }
}

/**
 * The folder on disk behind a dropped item, in the desktop app; null in a browser (which uploads the
 * files instead) or when the item has no path (a file dragged out of another app's memory).
 */
export function desktopPathOf(file: File): string | null {
  return window.studioDesktop?.pathForFile(file) || null;
}
