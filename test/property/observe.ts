// What a run produced, read from whichever API ran it, in the shape the checks of ./assess.ts take.
import type { BatchOutcome, BatchRecord, PartialBatchResponse } from 'batchkit';
import { expect } from 'chai';
import type { Observed } from './assess.js';

/** The outcome a decorated handler reports, as the checks read it. */
export function fromOutcome(outcome: BatchOutcome | undefined, hookCalls: number[], response: PartialBatchResponse): Observed {
  expect(outcome, 'the @BatchHandler method received the outcome').to.not.equal(undefined);
  const { successes, failures } = outcome as BatchOutcome;
  return {
    successes: successes.map((s) => ({ index: s.index, result: s.result })),
    failures: failures.map((f) => ({ index: f.index, error: f.error, retryable: f.retryable })),
    hookCalls,
    response,
  };
}

/** The outcome a processor reports through its inspection fields and its success/failure handlers. */
export function fromProcessor(
  processor: { successMessages: BatchRecord[]; failureMessages: BatchRecord[]; errors: Error[] },
  records: readonly BatchRecord[],
  settled: { hookCalls: number[]; results: Map<number, unknown> },
  response: PartialBatchResponse,
): Observed {
  return {
    successes: processor.successMessages.map((record) => {
      const index = records.indexOf(record);
      return { index, result: settled.results.get(index) };
    }),
    failures: processor.failureMessages.map((record, k) => ({
      index: records.indexOf(record),
      error: processor.errors[k] as Error,
    })),
    hookCalls: settled.hookCalls,
    response,
  };
}
