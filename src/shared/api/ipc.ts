/**
 * Electron IPC carries the contract over exactly two channels: one for invokes (method name + input),
 * one for pushed events. Method and event names come from the contract; no per-method channel exists.
 */
export const IPC_INVOKE_CHANNEL = 'studio:invoke';
export const IPC_EVENT_CHANNEL = 'studio:event';
