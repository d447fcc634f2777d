import { onMounted, onUnmounted, ref, type Ref } from 'vue';
import { desktopPathOf } from '@renderer/api/desktop';
import { collectDroppedFiles } from '@renderer/api/upload-folder';
import type { ImportSource } from '@renderer/stores/use-import-store';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

function baseName(path: string): string {
  return (
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || path
  );
}

/**
 * Files or a folder dragged anywhere over the window: `dragging` while something is held over it, and
 * `onDrop` with what was dropped — the folder's path in the desktop app (imported in place), or its
 * files in a browser (uploaded). Drops of anything else (text, links) are left alone.
 */
export function useFolderDrop(onDrop: (source: ImportSource) => void): { dragging: Ref<boolean> } {
  const dragging = ref(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the window is left.
  let depth = 0;

  function onDragEnter(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    dragging.value = true;
  }

  function onDragOver(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault(); // without it the browser opens the file instead of dropping it here
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  }

  function onDragLeave(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging.value = false;
  }

  function onDropEvent(event: DragEvent): void {
    if (!carriesFiles(event) || !event.dataTransfer) return;
    event.preventDefault();
    depth = 0;
    dragging.value = false;
    const first = event.dataTransfer.files[0];
    const path = first ? desktopPathOf(first) : null;
    if (path) {
      onDrop({ kind: 'path', path, name: baseName(path) });
      return;
    }
    // Taken synchronously inside the handler: the browser empties the list once it returns.
    void collectDroppedFiles(event.dataTransfer).then((folder) => onDrop({ kind: 'upload', folder }));
  }

  onMounted(() => {
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDropEvent);
  });
  onUnmounted(() => {
    window.removeEventListener('dragenter', onDragEnter);
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('dragleave', onDragLeave);
    window.removeEventListener('drop', onDropEvent);
  });
  return { dragging };
}
