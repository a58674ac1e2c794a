import { BatchProcessingError } from './BatchProcessingError.js';

/** A synchronous processor got a Promise from a handler or hook; the record fails rather than pass unawaited. */
export class AsyncHandlerError extends BatchProcessingError {
  static override readonly errorName: string = 'AsyncHandlerError';
  override readonly code = 'ASYNC_HANDLER_IN_SYNC_PROCESSOR' as const;
}
