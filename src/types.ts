import type { Context, DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import type { EventType } from './constants.js';
import type { TransformOptionsLike, ValidatorOptionsLike } from './dto/peerTypes.js';

/** A record of any supported source. */
export type BatchRecord = SQSRecord | KinesisStreamRecord | DynamoDBRecord;

/** The record type of each event type. */
export interface RecordOf {
  SQS: SQSRecord;
  KinesisDataStreams: KinesisStreamRecord;
  DynamoDBStreams: DynamoDBRecord;
}

/** A class that can be instantiated (a DTO). */
// biome-ignore lint/suspicious/noExplicitAny: constructor arguments are the user's business
export type Class<T = unknown> = new (...args: any[]) => T;

/** A DTO given directly, as a thunk (survives circular imports), or `false` for the raw record. */
export type DtoOption = Class | (() => Class) | false;

/** The partial batch response Lambda reads when `ReportBatchItemFailures` is enabled. */
export interface PartialBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** What a record handler gets as its last argument. */
export interface RecordContext {
  eventType: EventType | undefined;
  /** Position of the record in the batch. */
  index: number;
  itemIdentifier: string | undefined;
  /** The Lambda context, when the invocation has one. */
  lambdaContext: Context | undefined;
  /** SQS: ApproximateReceiveCount as a number (1 on the first delivery). */
  attempt?: number;
  /** SQS FIFO: the record's MessageGroupId. */
  messageGroupId?: string;
  /** Aborts at the time-budget deadline: pass it to the AWS SDK or `fetch` to stop cooperatively. */
  signal: AbortSignal;
  /** The `@RecordHandler` method that took the record (decorator API). */
  handlerName?: string;
  /** With an `envelope` option: the SNS notification or EventBridge event around the payload (SNS `MessageAttributes` are in it). */
  envelope?: Record<string, unknown>;
}

/** A record that succeeded. */
export interface RecordSuccess<TRecord = BatchRecord> {
  record: TRecord;
  itemIdentifier: string | undefined;
  index: number;
  eventType: EventType | undefined;
  result: unknown;
  /** The `@RecordHandler` method that handled the record (decorator API). */
  handlerName?: string;
  /** With `measureDurations`: milliseconds from start to outcome. */
  durationMs?: number;
}

/** A record that failed, was skipped, or could not be decoded. */
export interface RecordFailure<TRecord = BatchRecord> {
  record: TRecord;
  /** `undefined` only when the record has none; the invocation then throws `MissingItemIdentifierError`. */
  itemIdentifier: string | undefined;
  index: number;
  eventType: EventType | undefined;
  error: Error;
  /** False for parse and validation failures, which fail the same way on every retry. */
  retryable: boolean;
  /** True when a processor dealt with the failure (e.g. moved it to a DLQ): it is then not in `batchItemFailures`. */
  handled?: boolean;
  /** True when the record was sent to the dead-letter queue as a poison message. */
  sentToDlq?: boolean;
  /** The `@RecordHandler` method that took the record (decorator API). */
  handlerName?: string;
  /** With `measureDurations`: milliseconds from start to outcome. */
  durationMs?: number;
}

/** The outcome of one batch, in input order. */
export interface BatchOutcome<TRecord = BatchRecord> {
  response: PartialBatchResponse;
  successes: RecordSuccess<TRecord>[];
  failures: RecordFailure<TRecord>[];
}

/**
 * A structured logger; batchkit's default writes JSON lines to the console. batchkit calls each method with a
 * message and at most one object of details. Powertools' `Logger`, pino-style adapters and `console` fit.
 *
 * @example
 * ```ts
 * import { Logger } from '@aws-lambda-powertools/logger';
 * const processor = new BatchProcessor(EventType.SQS, { logger: new Logger({ serviceName: 'orders' }) });
 * ```
 */
export interface BatchLogger {
  error(message: string, ...details: Record<string, unknown>[]): void;
  warn(message: string, ...details: Record<string, unknown>[]): void;
  info(message: string, ...details: Record<string, unknown>[]): void;
  debug(message: string, ...details: Record<string, unknown>[]): void;
}

/** How FIFO ordering is decided: from the queue ARN (`'auto'`), or forced. */
export type FifoMode = 'auto' | boolean;

/** What happens to later records after a failure: run them, skip the failed ordering group, or skip everything. */
export type OnErrorPolicy = 'continue' | 'skip-group' | 'stop';

/** Whether records of one ordering group (FIFO group, partition key, item keys) run strictly in order. */
export type OrderingMode = 'group' | 'none';

/** Scheduling options, on the processors (as defaults), per call, and on `@BatchHandler`. */
export interface SchedulingOptions {
  /** At most this many records in flight (default 1). */
  concurrency?: number;
  /** `'group'` (default): one record at a time per ordering group, in input order. `'none'`: no ordering. */
  ordering?: OrderingMode;
  /** Default: `'continue'` on standard SQS, `'stop'` on FIFO and streams (`skipGroupOnError` means `'skip-group'`). */
  onError?: OnErrorPolicy;
  /** Stop starting records this long before the Lambda deadline (default 500 ms); `false` disables the time budget. */
  deadlineMarginMs?: number | false;
}

/** Per-call options of `register`, `processPartialResponse` and `@BatchHandler`. */
export interface ProcessOptions extends SchedulingOptions {
  /** The Lambda context, passed to record handlers. */
  context?: Context;
  /** Throw `FullBatchFailureError` when every record failed (default true). */
  throwOnFullBatchFailure?: boolean;
  /** SQS FIFO: skip only later records of a failed record's message group (default false). */
  skipGroupOnError?: boolean;
  /** SQS FIFO rules: `'auto'` (from an `eventSourceARN` ending in `.fifo`), or forced on or off. */
  fifo?: FifoMode;
  /** Record how long each record took (`durationMs` on its outcome); off by default. */
  measureDurations?: boolean;
}

/** DTO options shared by `@RecordHandler` and the processors. */
export interface DtoOptions {
  /** Build the DTO from the decoded payload (default) or from the whole record. */
  from?: 'payload' | 'record';
  /** SQS: the body is an SNS notification (DTO from its JSON `Message`) or an EventBridge event (DTO from `detail`). */
  envelope?: 'sns' | 'eventbridge';
  /** class-validator options (merged over batchkit's defaults: `forbidUnknownValues`, no values in errors). */
  validator?: ValidatorOptionsLike;
  /** class-transformer options. */
  transformer?: TransformOptionsLike;
  /**
   * The deepest nesting a decoded payload may have (objects and arrays; the payload itself is level 1). Default 500;
   * a deeper payload fails its record with `RecordParseError` (not retryable) before the DTO is built. A whole number
   * of at least 1, checked where the options are given.
   */
  maxDepth?: number;
}

/** A processor's result for one record, Powertools-style. */
export type SuccessResult<TRecord = BatchRecord> = ['success', unknown, TRecord];
/** A processor's result for one failed record: the error message and the record. */
export type FailureResult<TRecord = BatchRecord> = ['fail', string, TRecord];
/** What `process()` returns per record, in input order. */
export type ProcessResult<TRecord = BatchRecord> = SuccessResult<TRecord> | FailureResult<TRecord>;
