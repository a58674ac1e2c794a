import { ShortCircuitError } from '../errors/ShortCircuitError.js';
import { TimeBudgetExceededError } from '../errors/TimeBudgetExceededError.js';
import type { RecordFailure } from '../types.js';
import type { ErrorClass } from './options.js';

/**
 * Non-retryable errors that come from the deployment, not from the message: every message would fail the same way,
 * so they are never dead-lettered (that would empty the queue into the DLQ after a bad deploy).
 */
const CONFIGURATION_CODES: ReadonlySet<unknown> = new Set([
  'MISSING_TYPE_METADATA',
  'INVALID_DECORATOR_USAGE',
  'INVALID_OPTION',
  'DTO_RUNTIME_NOT_LOADED',
  'DTO_PEERS_NOT_INSTALLED',
  'SQS_SDK_NOT_INSTALLED',
  'UNEXPECTED_BATCH_TYPE',
]);

/** A classifier for `nonRetryableErrors`, or `undefined` when none are listed. */
export function nonRetryableClassifier(classes: readonly ErrorClass[]): ((error: Error) => boolean) | undefined {
  if (classes.length === 0) return undefined;
  return (error) => classes.some((errorClass) => error instanceof errorClass);
}

/** True when an error makes its message poison: non-retryable, and not a configuration problem. */
export function isPoisonError(error: Error, retryable: boolean): boolean {
  return !retryable && !CONFIGURATION_CODES.has((error as { code?: unknown }).code);
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
