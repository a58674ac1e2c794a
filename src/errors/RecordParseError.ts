import { BatchProcessingError } from './BatchProcessingError.js';

/** The record payload could not be decoded (malformed JSON, invalid base64, not an object, forbidden keys). */
export class RecordParseError extends BatchProcessingError {
  static override readonly errorName: string = 'RecordParseError';
  override readonly code = 'RECORD_PARSE_FAILED' as const;
  override readonly retryable: boolean = false;
}
