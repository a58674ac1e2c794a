import type { PartialBatchResponse } from '../types.js';
import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * Every record of the batch failed; thrown so that Lambda retries the batch as a whole.
 *
 * @example
 * ```ts
 * try {
 *   return await processPartialResponse(event, handle, processor);
 * } catch (error) {
 *   if (error instanceof FullBatchFailureError) logger.warn('whole batch failed', { first: error.recordErrors[0]?.message });
 *   throw error; // Lambda retries the batch
 * }
 * ```
 */
export class FullBatchFailureError extends BatchProcessingError {
  static override readonly errorName: string = 'FullBatchFailureError';
  override readonly code = 'FULL_BATCH_FAILURE' as const;

  constructor(
    /** The error of every record, in input order. */
    readonly recordErrors: Error[],
    /** The partial response naming every failed record. */
    readonly response: PartialBatchResponse,
  ) {
    super(`All ${recordErrors.length} records of the batch failed. The first error: ${recordErrors[0]?.message ?? 'none'}`, {
      cause: recordErrors[0],
    });
  }
}
