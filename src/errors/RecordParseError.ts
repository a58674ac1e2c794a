import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * The record payload could not be decoded (malformed JSON, invalid base64, not an object, forbidden keys).
 *
 * @example
 * ```ts
 * if (failure.error instanceof RecordParseError) {
 *   // the body is not JSON (or not an object): retrying will not help; failure.retryable is false
 * }
 * ```
 */
export class RecordParseError extends BatchProcessingError {
  static override readonly errorName: string = 'RecordParseError';
  override readonly code = 'RECORD_PARSE_FAILED' as const;
  override readonly retryable: boolean = false;
}
