import { z } from 'zod';

/**
 * Options of a folder import, part of the contract (`datasets.import`, `datasets.importUpload`).
 * `ImportOptionsInput` is what a caller may send (defaults filled in), `ImportOptions` what the
 * pipeline works with.
 */
export const ImportOptions = z
  .object({
    /** Side of the square images the dataset holds, in pixels. */
    size: z.number().int().min(16).max(256).default(64),
    channels: z.enum(['rgb', 'gray']).default('rgb'),
    /** cover: scale to fill, crop the centre · contain: scale to fit, pad with background · stretch. */
    fit: z.enum(['cover', 'contain', 'stretch']).default('cover'),
    /**
     * subfolders: each immediate subfolder of the chosen folder is a class, named after it (deeper
     * folders belong to their top subfolder's class). Files directly in the chosen folder are then
     * skipped ("not in a class subfolder"); a folder with no subfolder at all is refused.
     */
    labels: z.enum(['none', 'subfolders']).default('none'),
    /** Skip files whose bytes equal an earlier file's (SHA-1 of the file). */
    dedupe: z.boolean().default(true),
    /** Skip images whose shorter side is below this many pixels (0: keep all). */
    minSide: z.number().int().min(0).max(100_000).default(0),
    /** Behind transparent pixels and around `contain` padding; #rrggbb. */
    background: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
      .default('#000000'),
    /** Images with more pixels than this are skipped unread (decompression bombs). */
    pixelLimit: z.number().int().min(1).max(1_000_000_000).default(100_000_000),
    /** The dataset's name; the folder's name when omitted. */
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type ImportOptions = z.infer<typeof ImportOptions>;
export type ImportOptionsInput = z.input<typeof ImportOptions>;

/** Bytes per image of the packed dataset these options produce. */
export function imageBytes(options: Pick<ImportOptions, 'size' | 'channels'>): number {
  return options.size * options.size * (options.channels === 'rgb' ? 3 : 1);
}

export function channelCount(options: Pick<ImportOptions, 'channels'>): 1 | 3 {
  return options.channels === 'rgb' ? 3 : 1;
}
