import { ShortCircuitError } from '../errors/ShortCircuitError.js';
import { TimeBudgetExceededError } from '../errors/TimeBudgetExceededError.js';
import type { RecordFailure } from '../types.js';
import type { ErrorClass } from './options.js';

/** A classifier for `nonRetryableErrors`, or `undefined` when none are listed. */
export function nonRetryableClassifier(classes: readonly ErrorClass[]): ((error: Error) => boolean) | undefined {
  if (classes.length === 0) return undefined;
  return (error) => classes.some((errorClass) => error instanceof errorClass);
}

/** True when an error makes its message poison: non-retryable, and not a configuration problem. */
export function isPoisonError(error: Error, retryable: boolean): boolean {
  return !retryable && (error as { configuration?: unknown }).configuration !== true;
}

/** The failures to dead-letter: poison, not dealt with yet, and with a message id. */
export function isPoisonFailure(failure: RecordFailure): boolean {
  return failure.handled !== true && failure.itemIdentifier !== undefined && isPoisonError(failure.error, failure.retryable);
}

/** The failures worth a retry backoff: retryable ones that actually ran (not skipped, not left unstarted). */
export function needsBackoff(failure: RecordFailure): boolean {
  const { error } = failure;
  if (failure.handled === true || !failure.retryable || failure.itemIdentifier === undefined) return false;
  if (error instanceof ShortCircuitError) return false;
  return !(error instanceof TimeBudgetExceededError && !error.started);
}
