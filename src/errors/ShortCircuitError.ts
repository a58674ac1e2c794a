import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A record that was not run because an earlier record failed and ordering rules forbid going on.
 *
 * @example
 * ```ts
 * if (failure.error instanceof ShortCircuitError) {
 *   // not run: an earlier record (failure.error.failedItemIdentifier) failed and ordering rules stopped the rest
 * }
 * ```
 */
export abstract class ShortCircuitError extends BatchProcessingError {
  static override readonly errorName: string = 'ShortCircuitError';
  /** The identifier of the earlier record whose failure caused the skip. */
  readonly failedItemIdentifier: string | undefined;

  constructor(message: string, failedItemIdentifier: string | undefined) {
    super(message);
    this.failedItemIdentifier = failedItemIdentifier;
  }
}

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

/**
 * Kinesis / DynamoDB Streams: an earlier record failed, so this one was not run. Lambda checkpoints at the lowest
 * failed sequence number and retries everything after it, so running it would be wasted work and a duplicate effect.
 *
 * @example
 * ```ts
 * // Kinesis default onError 'stop': records after the first failure fail with StreamShortCircuitError
 * processPartialResponse(event, handle, new BatchProcessor(EventType.KinesisDataStreams));
 * ```
 */
export class StreamShortCircuitError extends ShortCircuitError {
  static override readonly errorName: string = 'StreamShortCircuitError';
  override readonly code = 'STREAM_SHORT_CIRCUIT' as const;

  constructor(
    failedItemIdentifier: string | undefined,
    /** With `onError: 'skip-group'`: the ordering key (partition key or item keys) that failed. */
    readonly orderingKey?: string,
  ) {
    super(
      orderingKey === undefined
        ? `Not processed: an earlier record (${failedItemIdentifier ?? 'unknown'}) of this stream batch failed; it will be retried from there.`
        : `Not processed: an earlier record (${failedItemIdentifier ?? 'unknown'}) with the same ordering key failed.`,
      failedItemIdentifier,
    );
  }
}
