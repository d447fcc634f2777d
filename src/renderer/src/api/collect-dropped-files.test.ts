import { describe, expect, it } from 'vitest';
import {
  collectDroppedFiles,
  collectSelectedFiles,
  type DropLike,
  type EntryLike,
} from './collect-dropped-files';

/** Stand-ins for the File and Directory Entries API, with Chrome's habit of answering in batches. */
type FakeTree = { readonly [name: string]: FakeTree | string };

let readEntriesCalls = 0;

function fakeEntry(name: string, node: FakeTree | string, batchSize: number): EntryLike {
  if (typeof node === 'string') {
    return {
      name,
      isFile: true,
      isDirectory: false,
      file: (success: (file: File) => void) => success(new File([node], name)),
    } as EntryLike;
  }
  const children = Object.entries(node).map(([child, value]) => fakeEntry(child, value, batchSize));
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let offset = 0;
      return {
        readEntries(success: (entries: EntryLike[]) => void) {
          readEntriesCalls += 1;
          const batch = children.slice(offset, offset + batchSize);
          offset += batch.length;
          // Asynchronous like the browser's, so a walker that does not wait would miss entries.
          setTimeout(() => success(batch), 0);
        },
      };
    },
  } as EntryLike;
}

function fakeDrop(items: ReadonlyArray<EntryLike | File | 'text'>): DropLike {
  return {
    items: items.map((item) =>
      item === 'text'
        ? { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null }
        : item instanceof File
          ? { kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => item }
          : { kind: 'file', webkitGetAsEntry: () => item, getAsFile: () => null },
    ),
  };
}

const paths = (folder: { files: readonly { relativePath: string }[] }): string[] =>
  folder.files.map((file) => file.relativePath).sort();

describe('collectDroppedFiles', () => {
  it('walks a dropped folder recursively, reading every batch, with paths relative to it', async () => {
    const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`${i}.png`, `cat ${i}`]));
    const tree: FakeTree = {
      tabby: many,
      dogs: { pug: { 'a.png': 'pug' } },
      '.DS_Store': 'junk',
      'top.jpg': 'top',
    };
    readEntriesCalls = 0;
    const folder = await collectDroppedFiles(fakeDrop([fakeEntry('pets', tree, 100)]));

    expect(folder.name).toBe('pets');
    expect(folder.files).toHaveLength(253);
    expect(paths(folder)).toEqual(
      expect.arrayContaining(['tabby/0.png', 'tabby/249.png', 'dogs/pug/a.png', '.DS_Store', 'top.jpg']),
    );
    // tabby: 3 batches + the empty one; pets, dogs, pug: one batch + the empty one each.
    expect(readEntriesCalls).toBe(4 + 2 * 3);
    const pug = folder.files.find((file) => file.relativePath === 'dogs/pug/a.png');
    expect(await pug?.file.text()).toBe('pug');
  });

  it('keeps each of several dropped things under its own name', async () => {
    const folder = await collectDroppedFiles(
      fakeDrop([
        fakeEntry('cats', { 'a.png': 'a' }, 100),
        fakeEntry('dogs', { 'b.png': 'b' }, 100),
        fakeEntry('c.png', 'c', 100),
        new File(['d'], 'd.png'),
        'text',
      ]),
    );
    expect(folder.name).toBe('cats + dogs + c.png + 1 more');
    expect(paths(folder)).toEqual(['c.png', 'cats/a.png', 'd.png', 'dogs/b.png']);
  });

  it('answers an empty folder for a drop without files', async () => {
    expect(await collectDroppedFiles(fakeDrop(['text']))).toEqual({ name: 'Dropped files', files: [] });
  });
});

describe('collectSelectedFiles', () => {
  const selected = (relativePath: string): File =>
    Object.assign(new File(['x'], relativePath.split('/').pop() ?? ''), { webkitRelativePath: relativePath });

  it('takes the folder name off the relative paths of a webkitdirectory input', () => {
    const folder = collectSelectedFiles([selected('pets/cats/a.png'), selected('pets/b.png')]);
    expect(folder.name).toBe('pets');
    expect(paths(folder)).toEqual(['b.png', 'cats/a.png']);
  });

  it('keeps plain file names when the input had no folder', () => {
    const plain = (name: string): File => Object.assign(new File(['x'], name), { webkitRelativePath: '' });
    const folder = collectSelectedFiles([plain('0.png'), plain('1.png')]);
    expect(folder.name).toBe('0.png + 1.png');
    expect(paths(folder)).toEqual(['0.png', '1.png']);
  });
});
