import { ShortCircuitError } from './ShortCircuitError.js';

/**
 * SQS FIFO with `skipGroupOnError`: an earlier record of the same message group failed.
 *
 * @example
 * ```ts
 * // only the failed record's group is skipped; other groups go on
 * processPartialResponse(event, handle, new SqsFifoPartialProcessor(), { skipGroupOnError: true });
 * ```
 */
export class SqsFifoMessageGroupShortCircuitError extends ShortCircuitError {
  static override readonly errorName: string = 'SqsFifoMessageGroupShortCircuitError';
  override readonly code = 'FIFO_GROUP_SHORT_CIRCUIT' as const;

  constructor(
    readonly messageGroupId: string,
    failedItemIdentifier: string | undefined,
  ) {
    super(
      `Not processed: an earlier record (${failedItemIdentifier ?? 'unknown'}) of message group "${messageGroupId}" failed, so later records of that group are returned to the queue.`,
      failedItemIdentifier,
    );
  }
}
