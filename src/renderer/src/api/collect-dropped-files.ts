/**
 * Turns a folder the person dropped (or picked) in a browser into files with paths relative to that
 * folder, so subfolder names survive the upload and become class labels. Only the server host needs
 * this: Electron hands the main process the folder's path instead.
 *
 * The entry interfaces are the few members of the File and Directory Entries API used here, so tests
 * can stand in for them; the browser's own objects fit them as they are.
 */

export interface FileToUpload {
  readonly file: File;
  /** `/`-separated, relative to the dropped folder (`cats/tabby.png`). */
  readonly relativePath: string;
}

export interface DroppedFolder {
  /** The dropped folder's name (the dataset's name to be), or the names of several dropped things. */
  readonly name: string;
  readonly files: readonly FileToUpload[];
}

export interface EntryLike {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

interface FileEntryLike extends EntryLike {
  file(success: (file: File) => void, failure?: (error: DOMException) => void): void;
}

interface DirectoryEntryLike extends EntryLike {
  createReader(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (error: DOMException) => void): void;
  };
}

export interface DropLike {
  readonly items: ArrayLike<{
    readonly kind: string;
    webkitGetAsEntry(): EntryLike | null;
    getAsFile(): File | null;
  }>;
}

const MAX_NAME_CHARS = 200;

/**
 * The files of a drop. Call it from the drop handler itself, before any `await`: the browser empties
 * `dataTransfer.items` once the handler returns, so the entries are taken synchronously here and only
 * walked afterwards.
 */
export function collectDroppedFiles(dataTransfer: DropLike): Promise<DroppedFolder> {
  const entries: EntryLike[] = [];
  const looseFiles: File[] = [];
  for (let i = 0; i < dataTransfer.items.length; i++) {
    const item = dataTransfer.items[i];
    if (item?.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = entry ? null : item.getAsFile();
    if (entry) entries.push(entry);
    else if (file) looseFiles.push(file);
  }
  return walkDrop(entries, looseFiles);
}

async function walkDrop(entries: readonly EntryLike[], looseFiles: readonly File[]): Promise<DroppedFolder> {
  const only = entries.length === 1 && looseFiles.length === 0 ? entries[0] : undefined;
  if (only && isDirectory(only)) return { name: only.name, files: await walkDirectory(only, '') };

  // Several things dropped at once: each keeps its own name, so two dropped folders become two labels.
  const files: FileToUpload[] = looseFiles.map((file) => ({ file, relativePath: file.name }));
  for (const entry of entries) {
    if (isDirectory(entry)) files.push(...(await walkDirectory(entry, `${entry.name}/`)));
    else if (isFile(entry)) files.push({ file: await fileOf(entry), relativePath: entry.name });
  }
  const names = [...entries.map((entry) => entry.name), ...looseFiles.map((file) => file.name)];
  return { name: describeNames(names), files };
}

async function walkDirectory(directory: DirectoryEntryLike, prefix: string): Promise<FileToUpload[]> {
  const files: FileToUpload[] = [];
  for (const entry of await readAllEntries(directory)) {
    const relativePath = `${prefix}${entry.name}`;
    if (isDirectory(entry)) files.push(...(await walkDirectory(entry, `${relativePath}/`)));
    else if (isFile(entry)) files.push({ file: await fileOf(entry), relativePath });
  }
  return files;
}

/** `readEntries` answers in batches (Chrome: 100 at a time) and an empty batch at the end. */
async function readAllEntries(directory: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = directory.createReader();
  const all: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function isDirectory(entry: EntryLike): entry is DirectoryEntryLike {
  return entry.isDirectory;
}

function isFile(entry: EntryLike): entry is FileEntryLike {
  return entry.isFile;
}

/**
 * The files of an `<input type="file" webkitdirectory>`: each carries `webkitRelativePath`, starting
 * with the chosen folder's name, which becomes the upload's name and is taken off every path.
 */
export function collectSelectedFiles(fileList: ArrayLike<File>): DroppedFolder {
  const selected = Array.from(fileList);
  const root = selected[0]?.webkitRelativePath.split('/')[0] ?? '';
  const files = selected.map((file) => {
    const path = file.webkitRelativePath;
    // A plain multi-file input has no relative paths: the files sit at the top of the upload.
    const relativePath =
      root !== '' && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path || file.name;
    return { file, relativePath };
  });
  return { name: root || describeNames(selected.map((file) => file.name)), files };
}

function describeNames(names: readonly string[]): string {
  if (names.length === 0) return 'Dropped files';
  const shown = names.slice(0, 3).join(' + ');
  const more = names.length > 3 ? ` + ${names.length - 3} more` : '';
  return `${shown}${more}`.slice(0, MAX_NAME_CHARS);
}
