import { RecordValidationError } from '../errors/RecordValidationError.js';
import type { RecordFailure } from '../types.js';
import { errorFields } from './errorFields.js';

/**
 * The fields of a failure that are safe to log: identifier, position and error (name, code, message: read so that
 * nothing throws, see `errorFields`), never the body; for a validation failure, the paths and constraints.
 */
export function describeFailure(failure: RecordFailure): Record<string, unknown> {
  const { error } = failure;
  const details: Record<string, unknown> = {
    itemIdentifier: failure.itemIdentifier,
    index: failure.index,
    eventType: failure.eventType,
    retryable: failure.retryable,
    ...errorFields(error),
  };
  const validation = validationOf(error);
  if (validation !== undefined) details.validation = validation;
  return details;
}

function validationOf(error: unknown): RecordValidationError['details'] | undefined {
  try {
    return error instanceof RecordValidationError ? error.details : undefined;
  } catch {
    return undefined; // a Proxy whose getPrototypeOf trap throws is no validation error of ours
  }
}
