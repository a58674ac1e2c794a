import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A failed record has no usable item identifier; the invocation throws so the whole batch is retried.
 *
 * @example
 * ```ts
 * // a failed SQS record without a messageId cannot be named in batchItemFailures:
 * // the invocation throws MissingItemIdentifierError and Lambda retries the whole batch
 * ```
 */
export class MissingItemIdentifierError extends BatchProcessingError {
  static override readonly errorName: string = 'MissingItemIdentifierError';
  override readonly code = 'MISSING_ITEM_IDENTIFIER' as const;

  constructor(readonly index: number) {
    super(
      `Record at index ${index} failed but has no item identifier (a non-empty messageId, kinesis.sequenceNumber ` +
        `or dynamodb.SequenceNumber), so it cannot be reported in batchItemFailures. The whole batch fails instead ` +
        `so that nothing is lost.`,
    );
  }
}
