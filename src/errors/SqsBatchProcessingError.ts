import type { PartialBatchResponse } from '../types.js';
import { BatchProcessingError } from './BatchProcessingError.js';

/** One entry of an SQS batch call (delete, send to the DLQ, change visibility) that did not succeed. */
export interface SqsEntryFailure {
  /** The record's message id. */
  itemIdentifier: string | undefined;
  /** The record's position in the batch. */
  index: number;
  /** The SQS error code of the entry (`ReceiptHandleIsInvalid`, ...), or the name of the error the call threw. */
  code: string;
  message: string;
  /** True when SQS blamed the request (not retried); false for faults on its side that outlived the retries. */
  senderFault: boolean;
}

/** What {@link SqsBatchProcessingError} carries. */
export interface SqsBatchProcessingDetails {
  /** The error of every record that returns to the queue, in input order. */
  recordErrors: Error[];
  /** The records that return to the queue. */
  response: PartialBatchResponse;
  /** Successful (or dead-lettered) messages whose delete failed: they will be delivered again, never lost. */
  deleteFailures: SqsEntryFailure[];
  /** How many messages were deleted. */
  deleted: number;
  /** True when every record of the batch failed. */
  fullBatch: boolean;
}

/**
 * Legacy mode (`deleteSuccessful`, `PartialSqsProcessor`): some records failed. The successful messages were deleted
 * from the queue; this error fails the invocation so that Lambda returns the failed ones. Always this error in legacy
 * mode, also when every record failed (`fullBatch: true`).
 *
 * @example
 * ```ts
 * try { await processPartialResponse(event, handle, new PartialSqsProcessor()); }
 * catch (error) { if (error instanceof SqsBatchProcessingError && error.deleteFailures.length > 0) alarm(); throw error; }
 * ```
 */
export class SqsBatchProcessingError extends BatchProcessingError {
  static override readonly errorName: string = 'SqsBatchProcessingError';
  override readonly code = 'SQS_BATCH_PROCESSING_FAILED' as const;
  readonly recordErrors: Error[];
  readonly response: PartialBatchResponse;
  readonly deleteFailures: SqsEntryFailure[];
  readonly deleted: number;
  readonly fullBatch: boolean;

  constructor(details: SqsBatchProcessingDetails) {
    super(describe(details), { cause: details.recordErrors[0] });
    this.recordErrors = details.recordErrors;
    this.response = details.response;
    this.deleteFailures = details.deleteFailures;
    this.deleted = details.deleted;
    this.fullBatch = details.fullBatch;
  }
}

const LISTED = 10;

function describe({ response, deleteFailures, deleted, fullBatch }: SqsBatchProcessingDetails): string {
  const ids = response.batchItemFailures.map((f) => f.itemIdentifier);
  const named = ids.slice(0, LISTED).join(', ') + (ids.length > LISTED ? `, and ${ids.length - LISTED} more` : '');
  const head = fullBatch
    ? `Every record of the batch failed (${ids.length}): ${named}.`
    : `${ids.length} record(s) failed and return to the queue: ${named}. ${deleted} message(s) were deleted.`;
  const tail =
    deleteFailures.length === 0
      ? ''
      : ` ${deleteFailures.length} delete(s) failed (${deleteFailures
          .slice(0, LISTED)
          .map((f) => `${f.itemIdentifier ?? `#${f.index}`}: ${f.code}`)
          .join(', ')}): those messages will be delivered again.`;
  return head + tail;
}
