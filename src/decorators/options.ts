import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import type { EventType } from '../constants.js';
import type { BasePartialProcessor } from '../processing/BasePartialProcessor.js';
import type { SqsHandlerOptions } from '../sqs/options.js';
import type { BatchLogger, DtoOption, FifoMode, RecordOf, SchedulingOptions } from '../types.js';

/** Options of `@RecordHandler`. */
export interface RecordHandlerOptions<E extends EventType = EventType> {
  /** The DTO class (or a thunk returning it); `false` hands the method the raw record. Default: the first parameter's type. */
  dto?: DtoOption;
  /** Build the DTO from the decoded payload (default) or from the whole record. */
  from?: 'payload' | 'record';
  /** SQS: the body is an SNS notification (DTO from its JSON `Message`) or an EventBridge event (DTO from `detail`). */
  envelope?: 'sns' | 'eventbridge';
  /** Accept only the records this returns true for; the next handler of the source gets the others. */
  match?: (record: RecordOf[E]) => boolean;
  /** class-validator options (merged over batchkit's defaults: `forbidUnknownValues`, no values in errors). */
  validator?: ValidatorOptions;
  /** class-transformer options for `plainToInstance`. */
  transformer?: ClassTransformOptions;
}

/**
 * Options of `@BatchHandler` (scheduling: `concurrency`, `ordering`, `onError`, `deadlineMarginMs`; SQS:
 * `deleteSuccessful`, `suppressException`, `poisonMessages`, `dlqUrl`, `nonRetryableErrors`, `retryBackoff`,
 * `sqsClient`, `sqsClientConfig`).
 */
export interface BatchHandlerOptions extends SchedulingOptions, SqsHandlerOptions {
  /** Throw `FullBatchFailureError` when every record failed (default true). */
  throwOnFullBatchFailure?: boolean;
  /** SQS FIFO: skip only later records of a failed record's message group (default false). */
  skipGroupOnError?: boolean;
  /** SQS FIFO rules: `'auto'` (default, from an ARN ending in `.fifo`), or forced on or off. */
  fifo?: FifoMode;
  /** Where failures (without `onFailure`) and hook errors go. Default: JSON lines on the console. */
  logger?: BatchLogger;
  /** Record how long each record took (`durationMs` on its outcome); off by default. */
  measureDurations?: boolean;
  /** A processor to run the class's record handlers through (e.g. one whose `clean()` writes an audit trail). */
  processor?: BasePartialProcessor;
}
