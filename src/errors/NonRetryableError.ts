import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * Throw it from a record handler when retrying cannot help (a reference that will never exist, a business rule the
 * message breaks). The record's failure then has `retryable: false`; with `poisonMessages: 'dlq'` on an SQS
 * processor it goes straight to the dead-letter queue instead of burning `maxReceiveCount` retries.
 *
 * @example
 * ```ts
 * @RecordHandler(EventType.SQS)
 * async handle(order: OrderDto) {
 *   if (!(await customers.exists(order.customerId))) throw new NonRetryableError(`Unknown customer for order ${order.id}`);
 * }
 * ```
 */
export class NonRetryableError extends BatchProcessingError {
  static override readonly errorName: string = 'NonRetryableError';
  override readonly code = 'NON_RETRYABLE' as const;
  override readonly retryable: boolean = false;
}
