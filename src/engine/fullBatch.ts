import { FullBatchFailureError } from '../errors/FullBatchFailureError.js';
import type { BatchOutcome, ProcessOptions } from '../types.js';

/** Throws `FullBatchFailureError` when every record of a non-empty batch is reported failed and the option allows it. */
export function throwIfFullBatchFailed(outcome: BatchOutcome, options: ProcessOptions): void {
  const total = outcome.successes.length + outcome.failures.length;
  if ((options.throwOnFullBatchFailure ?? true) && total > 0 && outcome.response.batchItemFailures.length === total) {
    throw new FullBatchFailureError(
      outcome.failures.map((f) => f.error),
      { batchItemFailures: outcome.response.batchItemFailures.map((f) => ({ ...f })) },
    );
  }
}
