import 'reflect-metadata';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';
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
} from 'batchkit';
import { RefundDto } from './dto';
import { Ledger, type RecordedRefund } from './ledger';

/**
 * For local runs against an SQS-compatible server (ElasticMQ, LocalStack, fauxqs): `SQS_ENDPOINT=http://127.0.0.1:9324`.
 * Unset in Lambda, where the clients batchkit creates use the queue's region and the function's role.
 */
function localSqs(): SQSClientConfig | undefined {
  const endpoint = process.env.SQS_ENDPOINT;
  return endpoint === undefined || endpoint === '' ? undefined : { endpoint };
}

/**
 * Books refunds from an SQS queue whose event source mapping does NOT have `ReportBatchItemFailures` (legacy mode).
 *
 * - When some messages fail, batchkit deletes the successful ones itself (`DeleteMessageBatch`) and the invocation
 *   throws `SqsBatchProcessingError`, so that Lambda returns only the failed ones to the queue.
 * - Poison messages (an invalid refund, an unknown order) go to the DLQ on their first delivery and are deleted.
 * - A message that failed for a passing reason comes back after an exponential backoff instead of the queue's
 *   visibility timeout.
 */
export class RefundHandler {
  constructor(
    private readonly ledger: Ledger,
    private readonly logger: BatchLogger = consoleLogger,
  ) {}

  /** The DTO is named (`dto: RefundDto`): esbuild, which bundles this sample (template.yaml), emits no decorator metadata. */
  @RecordHandler(EventType.SQS, { dto: RefundDto })
  async refund(refund: RefundDto, record: SQSRecord, ctx: RecordContext): Promise<RecordedRefund> {
    return this.ledger.refund(refund, ctx.itemIdentifier ?? record.messageId);
  }

  @BatchHandler({
    deleteSuccessful: true,
    poisonMessages: 'dlq',
    retryBackoff: { baseSeconds: 30, maxSeconds: 900, jitter: true },
    sqsClientConfig: localSqs(),
  })
  async handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    // Runs after the deletes. When some refunds failed, the invocation then throws SqsBatchProcessingError instead of
    // returning this response, so that Lambda returns the failed messages to the queue.
    return batchResponse();
  }

  onSuccess(success: RecordSuccess<SQSRecord>): void {
    this.logger.info('Refund booked', { itemIdentifier: success.itemIdentifier });
  }

  /** Logs what failed and where it went, never the body. */
  onFailure(failure: RecordFailure<SQSRecord>): void {
    const { error } = failure;
    this.logger.error(failure.sentToDlq === true ? 'Refund moved to the DLQ' : 'Refund failed, will be retried', {
      itemIdentifier: failure.itemIdentifier,
      errorCode: (error as { code?: string }).code ?? error.name,
      errorMessage: error.message,
      retryable: failure.retryable,
      sentToDlq: failure.sentToDlq === true,
    });
  }
}

/** The ledger of the sample: two known orders, one of them locked. */
export const ledger = new Ledger(new Set(['ORD-1001', 'ORD-1002', 'ORD-1003']), new Set(['ORD-1003']));

/** What Lambda calls: `Handler: handler.handler` in template.yaml. */
export const handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> = new RefundHandler(ledger).handler;
