/** Every stable error code batchkit uses. Match on `error.code`, never on message text. */
export type BatchErrorCode =
  | 'BATCH_PROCESSING_FAILED'
  | 'FULL_BATCH_FAILURE'
  | 'UNEXPECTED_BATCH_TYPE'
  | 'FIFO_SHORT_CIRCUIT'
  | 'FIFO_GROUP_SHORT_CIRCUIT'
  | 'RECORD_PARSE_FAILED'
  | 'RECORD_VALIDATION_FAILED'
  | 'NO_RECORD_HANDLER'
  | 'MISSING_TYPE_METADATA'
  | 'MISSING_ITEM_IDENTIFIER'
  | 'NON_ERROR_THROWN'
  | 'INVALID_DECORATOR_USAGE'
  | 'ASYNC_HANDLER_IN_SYNC_PROCESSOR'
  | 'DTO_RUNTIME_NOT_LOADED'
  | 'DTO_PEERS_NOT_INSTALLED'
  | 'STREAM_SHORT_CIRCUIT'
  | 'TIME_BUDGET_EXCEEDED'
  | 'INVALID_OPTION'
  | 'SQS_BATCH_PROCESSING_FAILED'
  | 'NON_RETRYABLE'
  | 'FIFO_REQUEUED'
  | 'HOOK_FAILED'
  | 'SQS_SDK_NOT_INSTALLED'
  | 'INVALID_DTO';

/**
 * Base class of every error batchkit throws or reports.
 *
 * @example
 * ```ts
 * if (failure.error instanceof BatchProcessingError && failure.error.code === 'RECORD_VALIDATION_FAILED') { ... }
 * ```
 */
export class BatchProcessingError extends Error {
  /**
   * The `name` of this class's instances: a fixed string, so that it survives a minifier renaming the class
   * (Lambda reports `error.name` as the error type). A subclass that does not set its own gets its class name.
   *
   * @example
   * ```ts
   * class PaymentDeclinedError extends NonRetryableError {
   *   static override readonly errorName = 'PaymentDeclinedError'; // still its name in a minified bundle
   * }
   * ```
   */
  static readonly errorName: string = 'BatchProcessingError';
  /** Stable machine-readable code. */
  readonly code: BatchErrorCode = 'BATCH_PROCESSING_FAILED';
  /** Whether retrying the record can succeed. Parse and validation failures cannot. */
  readonly retryable: boolean = true;
  /**
   * True when the error comes from the deployment (code, configuration, a missing package), not from the record:
   * every record would fail the same way. Such failures are never poison (never sent to a dead-letter queue) and are
   * never matched by `nonRetryableErrors`, so a bad deployment never empties a queue.
   */
  readonly configuration: boolean = false;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = Object.hasOwn(new.target, 'errorName') ? new.target.errorName : new.target.name;
  }
}
