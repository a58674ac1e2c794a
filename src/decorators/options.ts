import type { EventType } from '../constants.js';
import type { BasePartialProcessor } from '../processors/BasePartialProcessor.js';
import type { SqsHandlerOptions } from '../sqs/options.js';
import type { BatchLogger, DtoOption, DtoOptions, FifoMode, RecordOf, SchedulingOptions } from '../types.js';

/** Options of `@RecordHandler`: the DTO options (`from`, `envelope`, `validator`, `transformer`) and these. */
export interface RecordHandlerOptions<E extends EventType = EventType> extends DtoOptions {
  /** The DTO class (or a thunk returning it); `false` hands the method the raw record. Default: the first parameter's type. */
  dto?: DtoOption;
  /** Accept only the records this returns true for; the next handler of the source gets the others. */
  match?: (record: RecordOf[E]) => boolean;
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
