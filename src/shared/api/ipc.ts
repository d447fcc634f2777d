/**
 * Electron IPC carries the contract over exactly two channels: one for invokes (method name + input),
 * one for pushed events. Method and event names come from the contract; no per-method channel exists.
 */
export const IPC_INVOKE_CHANNEL = 'studio:invoke';
export const IPC_EVENT_CHANNEL = 'studio:event';

/**
 * What the preload exposes besides the contract, as `window.studioDesktop` (Electron only): the path on
 * disk of a file or folder dropped on the window (Electron's webUtils.getPathForFile), so the desktop app
 * imports it in place instead of uploading it. An empty string when the item has no path.
 */
export interface DesktopBridge {
  /** Takes a DOM `File` (typed loosely: shared code has no DOM types). */
  readonly pathForFile: (file: object) => string;
}
