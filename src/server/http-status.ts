import type { ErrorCode } from '../shared/api/errors';

/** HTTP status for each contract error code, so curl and scripts see a meaningful status line. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  unavailable: 503,
  internal: 500,
};
