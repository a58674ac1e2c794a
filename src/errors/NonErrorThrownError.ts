import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A record handler threw something that is not an Error (`throw 'x'`, `throw null`); the original is the `cause`.
 *
 * @example
 * ```ts
 * async onFailure(failure: RecordFailure) {
 *   if (failure.error instanceof NonErrorThrownError) console.error('thrown value:', failure.error.cause);
 * }
 * ```
 */
export class NonErrorThrownError extends BatchProcessingError {
  static override readonly errorName: string = 'NonErrorThrownError';
  override readonly code = 'NON_ERROR_THROWN' as const;

  constructor(thrown: unknown) {
    super(`The record handler threw a non-Error value (${describe(thrown)}).`, { cause: thrown });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    return `an object of type ${value.constructor?.name ?? 'Object'}`;
  } catch {
    return 'an object that cannot be read';
  }
}

/** Wraps anything thrown into an Error, keeping Errors as they are. Never throws (a Proxy's traps may). */
export function toError(thrown: unknown): Error {
  let isError: boolean;
  try {
    isError = thrown instanceof Error;
  } catch {
    isError = false;
  }
  return isError ? (thrown as Error) : new NonErrorThrownError(thrown);
}
