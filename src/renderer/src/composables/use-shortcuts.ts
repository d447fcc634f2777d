import { onMounted, onUnmounted } from 'vue';

/** Key sequences such as `'g d'` (press g, then d) mapped to what they do. */
export type ShortcutMap = Readonly<Record<string, () => void>>;

/** How long the second key of a sequence may follow the first. */
const SEQUENCE_TIMEOUT_MS = 1_000;

/** Typing a "g" into a field must not navigate away, so keys aimed at editable elements are ignored. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

/**
 * Registers window-level key sequences for the lifetime of the calling component. Keys with a modifier
 * (Ctrl, Alt, Meta) are left to the browser and the OS.
 */
export function useShortcuts(shortcuts: ShortcutMap): void {
  let pending: string[] = [];
  let resetTimer: ReturnType<typeof setTimeout> | undefined;

  function reset(): void {
    pending = [];
    clearTimeout(resetTimer);
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return reset();
    if (isEditable(event.target)) return reset();
    if (event.key.length !== 1) return; // Shift, arrows, … neither advance nor break a sequence

    const key = event.key.toLowerCase();
    const typed = [...pending, key].join(' ');
    const action = shortcuts[typed];
    if (action) {
      reset();
      event.preventDefault();
      action();
    } else if (isPrefix(typed)) {
      wait([...pending, key]);
    } else if (isPrefix(key)) {
      wait([key]); // a broken sequence may restart at this key ("g x g d")
    } else {
      reset();
    }
  }

  function isPrefix(typed: string): boolean {
    return Object.keys(shortcuts).some((sequence) => sequence.startsWith(`${typed} `));
  }

  function wait(keys: string[]): void {
    clearTimeout(resetTimer);
    pending = keys;
    resetTimer = setTimeout(reset, SEQUENCE_TIMEOUT_MS);
  }

  onMounted(() => window.addEventListener('keydown', onKeydown));
  onUnmounted(() => {
    window.removeEventListener('keydown', onKeydown);
    reset();
  });
}
