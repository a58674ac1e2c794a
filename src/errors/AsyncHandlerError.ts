import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A synchronous processor got a Promise from a handler or hook; the record fails rather than pass unawaited.
 *
 * @example
 * ```ts
 * // BatchProcessorSync expects a synchronous handler: an async one fails each record with AsyncHandlerError
 * processPartialResponseSync(event, (record) => save(record), new BatchProcessorSync(EventType.SQS));
 * ```
 */
export class AsyncHandlerError extends BatchProcessingError {
  static override readonly errorName: string = 'AsyncHandlerError';
  override readonly code = 'ASYNC_HANDLER_IN_SYNC_PROCESSOR' as const;

  /** The one message for a record handler that returned a promise in a synchronous run, whichever path ran it. */
  static forRecordHandler(): AsyncHandlerError {
    return new AsyncHandlerError(
      'The record handler returned a Promise, but this processor is synchronous: use BatchProcessor and processPartialResponse.',
    );
  }
}
