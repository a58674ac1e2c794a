import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A record that was not run because an earlier record failed and ordering rules forbid going on.
 *
 * @example
 * ```ts
 * if (failure.error instanceof ShortCircuitError) {
 *   // not run: an earlier record (failure.error.failedItemIdentifier) failed and ordering rules stopped the rest
 * }
 * ```
 */
export abstract class ShortCircuitError extends BatchProcessingError {
  static override readonly errorName: string = 'ShortCircuitError';
  /** The identifier of the earlier record whose failure caused the skip. */
  readonly failedItemIdentifier: string | undefined;

  constructor(message: string, failedItemIdentifier: string | undefined) {
    super(message);
    this.failedItemIdentifier = failedItemIdentifier;
  }
}
