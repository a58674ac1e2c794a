import { ShortCircuitError } from './ShortCircuitError.js';

/**
 * SQS FIFO with `poisonMessages: 'dlq'`: this record ran after a poison record of its batch (or of its message group,
 * with `onError: 'skip-group'`) that could not be moved to the dead-letter queue. The poison record goes back to the
 * queue, so this one goes back too, after it, to keep the group's order: it will be delivered (and run) again.
 *
 * @example
 * ```ts
 * // poisonMessages: 'dlq' on a FIFO queue whose DLQ send fails: later successes of the group are failed again
 * // with SqsFifoRequeuedError, so the group comes back in order
 * ```
 */
export class SqsFifoRequeuedError extends ShortCircuitError {
  static override readonly errorName: string = 'SqsFifoRequeuedError';
  override readonly code = 'FIFO_REQUEUED' as const;

  constructor(failedItemIdentifier: string | undefined) {
    super(
      `Processed, but returned to the queue to keep FIFO order: an earlier record (${failedItemIdentifier ?? 'unknown'}) ` +
        'could not be moved to the dead-letter queue and returns too. This record will be delivered again.',
      failedItemIdentifier,
    );
  }
}
