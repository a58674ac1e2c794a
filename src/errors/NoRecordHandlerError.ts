import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * No `@RecordHandler` accepts the record (none for its source, or every `match` refused it).
 *
 * @example
 * ```ts
 * @RecordHandler(EventType.DynamoDBStreams, { match: (r) => r.eventName === 'INSERT' })
 * welcome(user: UserDto) {}
 * // a MODIFY record then fails with NoRecordHandlerError unless another handler accepts it
 * ```
 */
export class NoRecordHandlerError extends BatchProcessingError {
  static override readonly errorName: string = 'NoRecordHandlerError';
  override readonly code = 'NO_RECORD_HANDLER' as const;
  override readonly configuration: boolean = true;
}
