import type { IncomingMessage, ServerResponse } from 'node:http';
import { StudioError, type Result } from '../shared/api/errors';
import { UPLOAD_PATH_PARAM, matchUploadFilesPath, type UploadedFile } from '../shared/api/uploads';
import { UploadRefusal, type RefusalReason } from '../core/datasets/uploads';
import type { Studio } from '../core/studio';
import { HTTP_STATUS } from './http-status';

/**
 * `PUT /api/uploads/<uploadId>/files?path=<relative path>`: one file of a browser upload, its raw
 * bytes as the body. server.ts has checked the Host header and the token before this runs.
 *
 * The body is streamed to disk by core (never collected in memory). Any refusal after the request
 * started but before its body was read answers with `Connection: close`: the unread rest of a large
 * body would otherwise have to be read (and thrown away) before the connection could carry the next
 * request. Node's own requestTimeout (5 minutes for a whole request) and core's idle timeout bound how
 * long a slow or stalled client holds a file open.
 */

/** True for `/api/uploads/<anything>/files`; the id itself is checked by core. */
export function isUploadRoute(pathname: string): boolean {
  return matchUploadFilesPath(pathname) !== null;
}

const REFUSAL_STATUS: Readonly<Record<RefusalReason, number>> = {
  file_too_large: 413,
  upload_too_large: 413,
  too_many_files: 413,
  idle: 408,
  cancelled: 409,
};

export async function handleUploadRequest(
  studio: Studio,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const uploadId = matchUploadFilesPath(url.pathname) ?? '';
  if (request.method !== 'PUT') {
    response.writeHead(405, { Allow: 'PUT', Connection: 'close' }).end();
    return;
  }
  const paths = url.searchParams.getAll(UPLOAD_PATH_PARAM);
  if (paths.length !== 1) {
    answer(response, 400, {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `Send the file's path relative to the dropped folder as exactly one \`${UPLOAD_PATH_PARAM}\` query parameter.`,
      },
    });
    return;
  }
  const declared = declaredLength(request);
  if (declared === 'invalid') {
    answer(response, 400, {
      ok: false,
      error: { code: 'invalid_input', message: 'The Content-Length header is not a number of bytes.' },
    });
    return;
  }

  try {
    const file = await studio.uploads.receiveFile({
      uploadId,
      path: paths[0] ?? '',
      body: request,
      declaredBytes: declared,
    });
    const value: UploadedFile = { path: file.path, bytes: file.bytes };
    answer(response, file.replaced ? 200 : 201, { ok: true, value });
  } catch (error) {
    if (!(error instanceof StudioError)) {
      console.error('[server] upload failed unexpectedly:', error);
      answer(response, 500, {
        ok: false,
        error: {
          code: 'internal',
          message:
            "Receiving the file failed inside the studio. This is a bug; the details are in the studio's log.",
        },
      });
      return;
    }
    const status = error instanceof UploadRefusal ? REFUSAL_STATUS[error.reason] : HTTP_STATUS[error.code];
    answer(response, status, { ok: false, error: { code: error.code, message: error.message } });
  }
}

/** Content-Length as a number, null when the body is chunked (the browser streams it), or 'invalid'. */
function declaredLength(request: IncomingMessage): number | null | 'invalid' {
  const header = request.headers['content-length'];
  if (header === undefined) return null;
  return /^\d{1,16}$/.test(header) ? Number(header) : 'invalid';
}

/**
 * Answers once, and closes the connection whenever the request body was not read to its end. A client
 * that already went away gets nothing: there is no one to answer.
 */
function answer(response: ServerResponse, status: number, result: Result<UploadedFile>): void {
  if (response.headersSent || response.destroyed) return;
  const bodyRead = response.req.complete;
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(bodyRead ? {} : { Connection: 'close' }),
  });
  response.end(JSON.stringify(result));
}
