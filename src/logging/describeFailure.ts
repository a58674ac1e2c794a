import { RecordValidationError } from '../errors/RecordValidationError.js';
import type { RecordFailure } from '../types.js';

/** The fields of a failure that are safe to log: identifier, position and error, never the body. */
export function describeFailure(failure: RecordFailure): Record<string, unknown> {
  const { error } = failure;
  const details: Record<string, unknown> = {
    itemIdentifier: failure.itemIdentifier,
    index: failure.index,
    eventType: failure.eventType,
    retryable: failure.retryable,
    errorName: error.name,
    errorCode: (error as { code?: unknown }).code,
    errorMessage: error.message,
  };
  if (error instanceof RecordValidationError) details.validation = error.details;
  return details;
}
