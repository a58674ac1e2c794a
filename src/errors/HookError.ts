import { BatchProcessingError } from './BatchProcessingError.js';

/** Where user code ran around the records: a processor's extension points, a handler class's hooks, its logger. */
export type HookName =
  | 'prepare'
  | 'clean'
  | 'processRecord'
  | 'successHandler'
  | 'failureHandler'
  | 'onSuccess'
  | 'onFailure'
  | 'batchHandler'
  | 'logger';

/**
 * User code around the records threw (or rejected): a custom processor's `prepare`, `clean` or `successHandler`, the
 * body of a `@BatchHandler` method, or the logger. `hook` names it; the original value is the `cause`. Where it
 * happened before the response (prepare, clean, the body, the logger), the invocation rejects with it, so Lambda
 * retries the batch; a `successHandler` that throws fails only its record.
 *
 * @example
 * ```ts
 * try {
 *   await processPartialResponse(event, handle, processor);
 * } catch (error) {
 *   if (error instanceof HookError && error.hook === 'clean') console.error('the audit write failed', error.cause);
 * }
 * ```
 */
export class HookError extends BatchProcessingError {
  static override readonly errorName: string = 'HookError';
  override readonly code = 'HOOK_FAILED' as const;

  constructor(
    readonly hook: HookName,
    cause: unknown,
  ) {
    super(`${hook} threw${describe(cause)}; see the cause.`, { cause });
  }
}

/** A safe one-line description of what was thrown (its getters may throw too). */
function describe(cause: unknown): string {
  try {
    if (cause instanceof Error) return `: ${String(cause.name)}`;
    return cause === null ? ' null' : ` a ${typeof cause}`;
  } catch {
    return '';
  }
}

/** Rethrows batchkit's own errors as they are; wraps anything else thrown by user code in a `HookError`. */
export function hookFailure(hook: HookName, thrown: unknown): BatchProcessingError {
  return thrown instanceof BatchProcessingError ? thrown : new HookError(hook, thrown);
}
