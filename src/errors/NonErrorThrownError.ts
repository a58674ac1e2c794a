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
  if (typeof value === 'object') return `an object of type ${value.constructor?.name ?? 'Object'}`;
  return typeof value;
}

/** Wraps anything thrown into an Error, keeping Errors as they are. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new NonErrorThrownError(thrown);
}
