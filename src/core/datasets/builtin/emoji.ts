import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DatasetSummary } from '../../../shared/api/dto';
import { StudioError } from '../../../shared/api/errors';
import { importFolder, type ImportContext, type ImportFolderRun } from '../import';

/**
 * The built-in `emoji` dataset: Google's Noto emoji (64×64 PNGs from the emoji-datasource-google
 * package on the npm registry), six categories as classes. Imported through the ordinary folder
 * pipeline from a staging folder, so it gets the same previews, manifest and checks as any import.
 */
export const EMOJI_PACKAGE = 'emoji-datasource-google';
export const EMOJI_CATEGORIES = [
  'Smileys & Emotion',
  'Animals & Nature',
  'Food & Drink',
  'Travel & Places',
  'Activities',
  'Objects',
] as const;
export const EMOJI_ATTRIBUTION =
  'Noto Emoji by Google, Apache License 2.0 (https://github.com/googlefonts/noto-emoji), via the emoji-datasource-google npm package (MIT) by Cal Henderson.';

interface EmojiEntry {
  readonly image: string;
  readonly category: string;
  readonly has_img_google: boolean;
}

/** The emoji of the chosen categories that have a Google image, with their category. */
export async function listEmoji(): Promise<{ file: string; category: string }[]> {
  const root = packageRoot();
  const entries = JSON.parse(await readFile(join(root, 'emoji.json'), 'utf8')) as EmojiEntry[];
  const categories = new Set<string>(EMOJI_CATEGORIES);
  return entries
    .filter((e) => e.has_img_google && categories.has(e.category))
    .map((e) => ({ file: join(root, 'img', 'google', '64', e.image), category: e.category }));
}

export async function importEmoji(
  ctx: ImportContext,
  options: { readonly size: number; readonly channels: 'rgb' | 'gray' },
  run: ImportFolderRun = {},
): Promise<{ dataset: DatasetSummary }> {
  const emoji = await listEmoji();
  const staging = await mkdtemp(join(tmpdir(), 'gan-studio-emoji-'));
  try {
    for (const category of EMOJI_CATEGORIES) await mkdir(join(staging, category));
    for (const { file, category } of emoji)
      await copyFile(file, join(staging, category, file.split(/[\\/]/).pop()!));
    return await importFolder(
      ctx,
      staging,
      // Transparent emoji on white, as people see them.
      {
        size: options.size,
        channels: options.channels,
        labels: 'subfolders',
        background: '#ffffff',
        name: `emoji ${options.size}px`,
      },
      {
        ...run,
        source: {
          path: null,
          extra: { builtin: 'emoji', attribution: EMOJI_ATTRIBUTION, license: 'Apache-2.0' },
        },
      },
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function packageRoot(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${EMOJI_PACKAGE}/package.json`));
  } catch {
    throw new StudioError(
      'unavailable',
      `The emoji images come from the ${EMOJI_PACKAGE} package, which is not installed. Run \`npm install\` in the GAN Studio folder.`,
    );
  }
}
