import sharp, { type FitEnum } from 'sharp';
import { unsupportedByDecoder } from './image-files';
import { channelCount, type ImportOptions } from './import-options';
import type { RejectKind } from './rejects';

// Many small images are decoded at once, each on its own libuv thread: one libvips thread per image
// avoids oversubscribing the cores (libvips would otherwise start a thread per core for every image),
// and its operation cache only costs memory when no image is seen twice.
sharp.concurrency(1);
sharp.cache(false);

export type DecodeSettings = Pick<
  ImportOptions,
  'size' | 'channels' | 'fit' | 'background' | 'minSide' | 'pixelLimit'
>;

export type DecodeOutcome =
  | { readonly ok: true; readonly pixels: Uint8Array }
  | { readonly ok: false; readonly kind: RejectKind; readonly reason: string };

const FITS: Readonly<Record<ImportOptions['fit'], keyof FitEnum>> = {
  cover: 'cover',
  contain: 'contain',
  stretch: 'fill',
};

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

/** "100-megapixel", "2.5-megapixel": the limit as a person set it. */
function megapixels(pixels: number): string {
  return `${Number((pixels / 1e6).toFixed(2))}-megapixel`;
}

function unreadable(error: unknown, extension: string): DecodeOutcome {
  const message = firstLine(error);
  if (/unsupported image format/i.test(message)) {
    const unsupported = unsupportedByDecoder(extension);
    if (unsupported) return { ok: false, kind: 'unsupported', reason: unsupported };
    return {
      ok: false,
      kind: 'not_image',
      reason: `the content is not an image in a format GAN Studio reads (the name says ${extension})`,
    };
  }
  if (/heif|unsupported (codec|feature)/i.test(message) && unsupportedByDecoder(extension)) {
    return { ok: false, kind: 'unsupported', reason: unsupportedByDecoder(extension)! };
  }
  return { ok: false, kind: 'damaged', reason: `the file is damaged or truncated: ${message}` };
}

type Size = { readonly width: number; readonly height: number };

/** The size a person sees (after EXIF orientation), from the header alone. */
async function readSize(bytes: Uint8Array, extension: string): Promise<Size | DecodeOutcome> {
  try {
    // The limit is off for the header only: it must be read to say how large the image is.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    const size = meta.autoOrient ?? meta;
    if (size.width > 0 && size.height > 0) return { width: size.width, height: size.height };
    return { ok: false, kind: 'damaged', reason: 'the file is damaged or truncated: it has no image size' };
  } catch (error) {
    return unreadable(error, extension);
  }
}

function refuseSize({ width, height }: Size, settings: DecodeSettings): DecodeOutcome | null {
  if (width * height > settings.pixelLimit) {
    const reason = `${width}×${height} is over the ${megapixels(settings.pixelLimit)} limit`;
    return { ok: false, kind: 'too_large', reason };
  }
  if (Math.min(width, height) < settings.minSide) {
    const reason = `${width}×${height} is smaller than the minimum side ${settings.minSide}`;
    return { ok: false, kind: 'too_small', reason };
  }
  return null;
}

/** Header first when it decides (minSide), else only to explain a refusal: each sharp call costs ~0.2 ms of event loop. */
async function checkHeader(bytes: Uint8Array, extension: string, settings: DecodeSettings) {
  const size = await readSize(bytes, extension);
  return 'ok' in size ? size : refuseSize(size, settings);
}

/**
 * Decodes one file's bytes into a size×size image of 8-bit RGB or grey, row-major HWC. sharp refuses an
 * image over the pixel limit from its header, before decoding any pixels; it applies the EXIF
 * orientation, puts transparent pixels on the background (a no-op without alpha), converts any colour
 * model and depth (CMYK, 16-bit, palette, grey + alpha) to 8-bit sRGB or grey, and resizes. The work
 * runs on libuv's thread pool; the event loop only schedules it. A failure is an outcome, never a throw.
 */
export async function decodeImage(
  bytes: Uint8Array,
  extension: string,
  settings: DecodeSettings,
): Promise<DecodeOutcome> {
  if (settings.minSide > 0) {
    const refused = await checkHeader(bytes, extension, settings);
    if (refused) return refused;
  }
  const channels = channelCount(settings);
  const input = sharp(bytes, { limitInputPixels: settings.pixelLimit, failOn: 'error', pages: 1 });
  const flat = input.rotate().flatten({ background: settings.background });
  const pipeline = channels === 1 ? flat.grayscale() : flat.toColourspace('srgb');
  try {
    const { data, info } = await pipeline
      .resize(settings.size, settings.size, {
        fit: FITS[settings.fit],
        position: 'centre',
        background: settings.background,
      })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const expected = settings.size * settings.size * channels;
    if (info.channels !== channels || data.length !== expected) {
      // Never put bytes of the wrong shape into the dataset; say what came out instead.
      const reason = `the decoder produced ${info.width}×${info.height}×${info.channels}, not ${settings.size}×${settings.size}×${channels}`;
      return { ok: false, kind: 'damaged', reason: `the file could not be converted: ${reason}` };
    }
    return { ok: true, pixels: data };
  } catch (error) {
    if (/exceeds pixel limit/i.test(firstLine(error))) {
      const refused = await checkHeader(bytes, extension, settings);
      if (refused) return refused;
    }
    return unreadable(error, extension);
  }
}
