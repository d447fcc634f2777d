/** Importing a folder of images as a dataset: scan, decode, pack, record. */
export { importFolder } from './import-folder';
export type { ImportContext, ImportFolderResult, ImportFolderRun } from './import-folder';
export { ImportOptions, parseImportOptions } from './import-options';
export type { ImportOptionsInput } from './import-options';
export type { ImportProgress } from './import-progress';
export { scanFolder } from './scan-folder';
export type { Candidate, ScanResult } from './scan-folder';
export { decodeImage } from './decode-image';
export type { DecodeOutcome, DecodeSettings } from './decode-image';
export { REJECT_KINDS, describeRejects } from './rejects';
export type { Reject, RejectKind } from './rejects';
export { MOSAIC_FILE, THUMBS_DIR, THUMB_COUNT } from './thumbnails';
