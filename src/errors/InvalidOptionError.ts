import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * An option has a value batchkit cannot use (a concurrency of 0, an unknown `onError`, ...).
 *
 * @example
 * ```ts
 * new BatchProcessor(EventType.SQS, { concurrency: 0 }); // throws InvalidOptionError (option: 'concurrency')
 * ```
 */
export class InvalidOptionError extends BatchProcessingError {
  static override readonly errorName: string = 'InvalidOptionError';
  override readonly code = 'INVALID_OPTION' as const;
  override readonly configuration: boolean = true;
  override readonly retryable: boolean = false;

  constructor(
    readonly option: string,
    expected: string,
    received: unknown,
  ) {
    super(`Option "${option}" must be ${expected}; got ${typeof received === 'string' ? `"${received}"` : String(received)}.`);
  }
}
