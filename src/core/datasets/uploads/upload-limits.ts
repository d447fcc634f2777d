const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** What one browser upload may send. A host may tighten them (tests do); the defaults suit image folders. */
export interface UploadLimits {
  /** One file; bigger ones are refused while streaming and their partial file deleted. */
  readonly maxFileBytes: number;
  /** Absolute cap on one upload, whatever it announced. */
  readonly maxUploadBytes: number;
  /** Absolute cap on the number of files one upload may announce. */
  readonly maxFiles: number;
  /** A file whose body stops arriving for this long is abandoned, so a stalled client holds no file open. */
  readonly idleTimeoutMs: number;
  /** Uploads older than this are removed when the studio starts. */
  readonly staleAfterMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 256 * MiB,
  maxUploadBytes: 32 * GiB,
  // CelebA (202,599 images) fits with room to spare.
  maxFiles: 250_000,
  idleTimeoutMs: 60_000,
  staleAfterMs: 24 * 60 * 60 * 1000,
};

/**
 * Bytes an upload may actually send: what it announced plus a margin (a file may change between the
 * browser listing it and sending it), never above the absolute cap.
 */
export function allowedUploadBytes(announcedBytes: number, limits: UploadLimits): number {
  const margin = Math.max(16 * MiB, Math.ceil(announcedBytes / 20));
  return Math.min(limits.maxUploadBytes, announcedBytes + margin);
}
