import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * The event is not a batch (no `Records` array), or a record comes from a source the processor does not handle.
 *
 * @example
 * ```ts
 * await processPartialResponse({ detail: {} }, handle, processor); // throws UnexpectedBatchTypeError: no Records array
 * ```
 */
export class UnexpectedBatchTypeError extends BatchProcessingError {
  static override readonly errorName: string = 'UnexpectedBatchTypeError';
  override readonly code = 'UNEXPECTED_BATCH_TYPE' as const;
  override readonly configuration: boolean = true;
}
