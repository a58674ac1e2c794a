import 'reflect-metadata';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchLogger,
  batchResponse,
  consoleLogger,
  EventType,
  type RecordContext,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  RecordValidationError,
} from 'batchkit';
import { OrderDto } from './dto';
import { OrderStore, type SavedOrder } from './store';

/**
 * Saves the orders of an SQS queue, one message at a time. A message that fails (bad JSON, an invalid order,
 * a product out of stock) is reported in `batchItemFailures`: SQS redelivers only it, and after `maxReceiveCount`
 * attempts moves it to the dead-letter queue. The others are deleted as usual.
 */
export class OrderHandler {
  constructor(
    private readonly store: OrderStore,
    private readonly logger: BatchLogger = consoleLogger,
  ) {}

  /** `order` is an `OrderDto` built from the message body and already validated: the parameter type says so. */
  @RecordHandler(EventType.SQS)
  async saveOrder(order: OrderDto, record: SQSRecord, ctx: RecordContext): Promise<SavedOrder> {
    return this.store.save(order, ctx.itemIdentifier ?? record.messageId);
  }

  /**
   * The Lambda entry. Its body runs after every record settled; `batchResponse()` is this invocation's partial batch
   * response (`batchItemFailures`), typed as the `SQSBatchResponse` Lambda expects.
   */
  @BatchHandler()
  async handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    return batchResponse();
  }

  onSuccess(success: RecordSuccess<SQSRecord>): void {
    const order = success.result as SavedOrder;
    this.logger.info('Order saved', {
      itemIdentifier: success.itemIdentifier,
      orderId: order.orderId,
      itemCount: order.itemCount,
      totalCents: order.totalCents,
    });
  }

  /** Logs what failed and why, never the message body (it holds the customer's e-mail address). */
  onFailure(failure: RecordFailure<SQSRecord>): void {
    const { error } = failure;
    this.logger.error('Order not saved', {
      itemIdentifier: failure.itemIdentifier,
      errorCode: (error as { code?: string }).code ?? error.name,
      errorMessage: error.message,
      retryable: failure.retryable,
      ...(error instanceof RecordValidationError ? { invalid: error.details.map((d) => d.path) } : {}),
    });
  }
}

/** The orders the function saved (in memory: the sample makes no AWS calls). */
export const orders = new OrderStore();

/** What Lambda calls: `Handler: handler.handler` in template.yaml. Works detached, with no `this`. */
export const handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> = new OrderHandler(orders).handler;
