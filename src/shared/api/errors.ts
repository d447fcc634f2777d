/**
 * The closed set of error codes that may cross a host edge. A person never sees the code, only the
 * message; the code lets the UI and scripts react (retry, re-authenticate, show a form error).
 */
export const ERROR_CODES = [
  'invalid_input', // the request itself is wrong: fix the input and try again
  'not_found', // the thing asked for does not exist (any more)
  'conflict', // the request clashes with the current state (a run already running, a name taken)
  'unauthorized', // missing or wrong access token
  'unavailable', // something the studio needs is missing on this machine (a backend, the Electron binary)
  'cancelled', // the person cancelled long work
  'internal', // a defect: the message says so and the log has the details
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** What every invoke answers, under every host: a value, or an error a person can read. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Thrown by core code for failures the person can act on; the host edge turns it into a Result. */
export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
