/** Browser uploads (server host): a dropped folder staged on disk, file by file, for the importer. */
export { createUploadService } from './upload-service';
export type { ReceiveFileRequest, ReceivedFile, UploadService } from './upload-service';
export { DEFAULT_UPLOAD_LIMITS, allowedUploadBytes } from './upload-limits';
export type { UploadLimits } from './upload-limits';
export { UploadRefusal } from './stream-to-file';
export type { RefusalReason } from './stream-to-file';
export { UPLOADS_DIR, removeStaleUploads, resolveUploadFolder, uploadPaths } from './upload-staging';
