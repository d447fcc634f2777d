/** Which file names the folder import treats as images, and what it says about the ones it cannot read. */

/** Extensions handed to the decoder; formats it turns out not to read are reported per file then. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.bmp',
  '.dib',
  '.heic',
  '.heif',
]);

/** Image formats known not to be imported, with what to do instead; decided from the name alone. */
const UNSUPPORTED_BY_NAME: Readonly<Record<string, string>> = {
  '.svg': 'SVG drawings are not imported; export them as PNG',
  '.svgz': 'SVG drawings are not imported; export them as PNG',
  '.psd': 'Photoshop files are not supported; export them as PNG or JPEG',
  '.dng': 'camera raw files are not supported; export them as JPEG or PNG',
  '.cr2': 'camera raw files are not supported; export them as JPEG or PNG',
  '.nef': 'camera raw files are not supported; export them as JPEG or PNG',
  '.arw': 'camera raw files are not supported; export them as JPEG or PNG',
};

/** When the decoder cannot read a file of an accepted extension: the format it lacks, said plainly. */
const UNSUPPORTED_BY_DECODER: Readonly<Record<string, string>> = {
  '.bmp': 'BMP is not supported; convert to PNG',
  '.dib': 'BMP is not supported; convert to PNG',
  '.heic': 'HEIC is not supported; convert to JPEG or PNG',
  '.heif': 'HEIF is not supported; convert to JPEG or PNG',
};

/** Lower-case extension with its dot ('' for none); a leading dot alone does not make one. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

export function unsupportedByName(extension: string): string | undefined {
  return UNSUPPORTED_BY_NAME[extension];
}

export function unsupportedByDecoder(extension: string): string | undefined {
  return UNSUPPORTED_BY_DECODER[extension];
}

/** Files and folders that operating systems and archivers leave behind (matched case-insensitively). */
const SYSTEM_NAMES: ReadonlySet<string> = new Set([
  '.ds_store',
  'thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  '__macosx',
  '$recycle.bin',
  'system volume information',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
]);

export function isSystemName(name: string): boolean {
  return SYSTEM_NAMES.has(name.toLowerCase()) || name.startsWith('._');
}
