import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * The Lambda time budget ran out before the record finished (or started): it is reported failed so that only it is
 * retried, instead of the whole batch after a timeout. A record cut off mid-way may still complete its side effects.
 *
 * @example
 * ```ts
 * @BatchHandler({ deadlineMarginMs: 1000 }) // stop starting records 1 s before the Lambda timeout
 * async handler(event: SQSEvent, context: Context) {}
 * ```
 */
export class TimeBudgetExceededError extends BatchProcessingError {
  static override readonly errorName: string = 'TimeBudgetExceededError';
  override readonly code = 'TIME_BUDGET_EXCEEDED' as const;

  constructor(
    readonly itemIdentifier: string | undefined,
    /** True when the record had started and was still running at the deadline. */
    readonly started: boolean,
  ) {
    super(
      itemIdentifier === undefined && !started
        ? 'The Lambda time budget (remaining time minus deadlineMarginMs) ran out.'
        : started
          ? `Record ${itemIdentifier ?? 'unknown'} was still running at the time-budget deadline and is reported failed (its side effects may still happen).`
          : `Record ${itemIdentifier ?? 'unknown'} was not started: the Lambda time budget (remaining time minus deadlineMarginMs) ran out.`,
    );
  }
}
