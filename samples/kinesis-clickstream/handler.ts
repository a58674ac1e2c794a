import 'reflect-metadata';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchLogger,
  batchResponse,
  consoleLogger,
  EventType,
  type RecordFailure,
  RecordHandler,
} from 'batchkit';
import { ClickDto } from './dto';
import { ClickStats, ClockSkewError } from './stats';

/** How far ahead of Kinesis' arrival time an event's own timestamp may be. */
const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * Counts page views and clicks from a Kinesis stream. A failed record is reported by its sequence number; Lambda
 * then retries the batch from that record on, and after `MaximumRetryAttempts` sends the failed range to the
 * on-failure destination (see template.yaml).
 */
export class ClickstreamHandler {
  constructor(
    private readonly stats: ClickStats,
    private readonly logger: BatchLogger = consoleLogger,
  ) {}

  /**
   * The DTO is named explicitly (`dto: () => ClickDto`), so this handler keeps working when bundled with a tool that
   * emits no decorator metadata. The method is synchronous: batchkit runs it without an extra promise.
   */
  @RecordHandler(EventType.KinesisDataStreams, { dto: () => ClickDto })
  track(click: ClickDto, record: KinesisStreamRecord): void {
    const skewMs = Date.parse(click.occurredAt) - record.kinesis.approximateArrivalTimestamp * 1000;
    if (skewMs > MAX_CLOCK_SKEW_MS) throw new ClockSkewError(skewMs);
    this.stats.add(click);
  }

  /** The Lambda entry, after every record settled: the sequence numbers to retry from, as Lambda expects them. */
  @BatchHandler()
  async handler(event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> {
    return batchResponse();
  }

  onFailure(failure: RecordFailure<KinesisStreamRecord>): void {
    const { error } = failure;
    this.logger.warn('Click event not counted', {
      itemIdentifier: failure.itemIdentifier,
      partitionKey: failure.record.kinesis?.partitionKey,
      errorCode: (error as { code?: string }).code ?? error.name,
      errorMessage: error.message,
      retryable: failure.retryable,
    });
  }
}

/** The counters the function keeps (in memory: the sample makes no AWS calls). */
export const stats = new ClickStats();

/** What Lambda calls: `Handler: handler.handler` in template.yaml. */
export const handler: (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse> =
  new ClickstreamHandler(stats).handler;
