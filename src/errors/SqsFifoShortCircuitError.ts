import { ShortCircuitError } from './ShortCircuitError.js';

/**
 * SQS FIFO: an earlier record of the batch failed, so this one was not run.
 *
 * @example
 * ```ts
 * // on a FIFO queue, records after the first failure fail with SqsFifoShortCircuitError without running
 * processPartialResponse(event, handle, new SqsFifoPartialProcessor());
 * ```
 */
export class SqsFifoShortCircuitError extends ShortCircuitError {
  static override readonly errorName: string = 'SqsFifoShortCircuitError';
  override readonly code = 'FIFO_SHORT_CIRCUIT' as const;

  constructor(failedItemIdentifier: string | undefined) {
    super(
      `Not processed: an earlier record (${failedItemIdentifier ?? 'unknown'}) of this FIFO batch failed, so later records are returned to the queue to keep their order.`,
      failedItemIdentifier,
    );
  }
}
