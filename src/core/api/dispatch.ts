import {
  isMethodName,
  methods,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '../../shared/api/contract';
import { StudioError, type Result } from '../../shared/api/errors';
import { describeIssues } from '../../shared/api/validation';

/** Core's implementation of every contract method; hosts never call these without `dispatchInvoke`. */
export type Handlers = {
  readonly [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

/**
 * The single host edge: every host (Electron IPC, HTTP, WebSocket, CLI) funnels untrusted calls through
 * here. It checks the method exists, validates the input against the contract's schema, runs the
 * handler, and always answers a Result — a StudioError becomes its code and sentence; anything else is
 * a defect, logged with its stack and reported as `internal` without leaking internals.
 */
export async function dispatchInvoke(
  handlers: Handlers,
  method: unknown,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return failure('invalid_input', `There is no studio method called ${JSON.stringify(method)}.`);
  }
  const parsed = methods[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return failure('invalid_input', describeIssues(`The request to ${method} is not valid`, parsed.error));
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown> | unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof StudioError) return failure(error.code, error.message);
    console.error(`[studio] ${method} failed unexpectedly:`, error);
    return failure(
      'internal',
      `Something went wrong inside the studio while handling ${method}. This is a bug; the details are in the studio's log.`,
    );
  }
}

function failure(code: StudioError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
