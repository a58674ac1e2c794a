import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';

/** True for promises and other thenables. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** In synchronous processing: a promise where none may be is an error (and its rejection is silenced, not lost). */
export function requireSync(value: unknown, what: string): void {
  if (isThenable(value)) {
    Promise.resolve(value).catch(() => {});
    throw new AsyncHandlerError(`${what} returned a Promise during synchronous processing: use the async API.`);
  }
}
