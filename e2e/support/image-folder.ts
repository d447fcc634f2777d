import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** A folder as a person would drop it: class subfolders of real PNGs, and one file that is not an image. */
export interface ImageFolder {
  readonly path: string;
  readonly classes: readonly string[];
  readonly perClass: number;
  remove(): void;
}

export async function writeImageFolder(classes: readonly string[], perClass: number): Promise<ImageFolder> {
  const root = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-images-'));
  const path = join(root, 'my pictures');
  for (const [c, name] of classes.entries()) {
    mkdirSync(join(path, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      // Distinct colours per file, so de-duplication keeps every one.
      const background = { r: (c * 120 + i * 17) % 256, g: (i * 40) % 256, b: 200 - c * 80, alpha: 1 };
      const png = await sharp({ create: { width: 24, height: 24, channels: 3, background } })
        .png()
        .toBuffer();
      writeFileSync(join(path, name, `${name}-${i}.png`), png);
    }
  }
  writeFileSync(join(path, classes[0]!, 'notes.png'), 'this is text with an image extension');
  return { path, classes, perClass, remove: () => rmSync(root, { recursive: true, force: true }) };
}
