import { ShortCircuitError } from './ShortCircuitError.js';

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
