import type { SQSRecord } from 'aws-lambda';
import {
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  FullBatchFailureError,
  type RecordFailure,
  type RecordSuccess,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import fc from 'fast-check';
import { throwIfFullBatchFailed } from '../../../src/processing/fullBatch';
import { isThenable } from '../../../src/processing/thenable';
import { thrownBy } from '../../support/errors';

/** An outcome with these identifiers succeeded and failed, in this order. */
function outcomeOf(succeeded: string[], failed: string[]): BatchOutcome {
  const record = sqsRecord({});
  const base = { record, eventType: EventType.SQS, index: 0 };
  const successes: RecordSuccess[] = succeeded.map((itemIdentifier) => ({ ...base, itemIdentifier, result: undefined }));
  const failures: RecordFailure[] = failed.map((itemIdentifier) => ({
    ...base,
    itemIdentifier,
    error: new Error(itemIdentifier),
    retryable: true,
  }));
  return { response: { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) }, successes, failures };
}

/** What a generated record's handler does. */
type Behaviour = 'ok' | 'ok-async' | 'throw' | 'throw-non-error' | 'reject';
const FAILING: readonly Behaviour[] = ['throw', 'throw-non-error', 'reject'];

function behave(record: SQSRecord): unknown {
  const behaviour = record.body as Behaviour;
  switch (behaviour) {
    case 'ok':
      return record.messageId;
    case 'ok-async':
      return Promise.resolve(record.messageId);
    case 'throw':
      throw new Error(record.messageId);
    case 'throw-non-error':
      throw record.messageId;
    case 'reject':
      return Promise.reject(new Error(record.messageId));
  }
}

describe('BasePartialProcessor', () => {
  describe('throwIfFullBatchFailed', () => {
    it('throws FullBatchFailureError with every error and a copy of the response when every record failed', () => {
      // Prepare
      const outcome = outcomeOf([], ['a', 'b']);

      // Act
      const thrown = thrownBy(() => throwIfFullBatchFailed(outcome, {}));

      // Assess
      expect(thrown).to.be.instanceOf(FullBatchFailureError);
      const full = thrown as FullBatchFailureError;
      expect(full.recordErrors).to.deep.equal(outcome.failures.map((f) => f.error));
      expect(full.response).to.deep.equal(outcome.response);
      expect(full.response).to.not.equal(outcome.response);
      expect(full.response.batchItemFailures[0]).to.not.equal(outcome.response.batchItemFailures[0]);
    });

    it('does not throw for an empty batch, a partial failure or throwOnFullBatchFailure: false', () => {
      // Prepare
      const cases = [
        () => throwIfFullBatchFailed(outcomeOf([], []), {}),
        () => throwIfFullBatchFailed(outcomeOf(['a'], ['b']), {}),
        () => throwIfFullBatchFailed(outcomeOf([], ['a']), { throwOnFullBatchFailure: false }),
      ];

      // Act
      const outcomes = cases.map((check) => {
        try {
          check();
          return 'returned';
        } catch {
          return 'threw';
        }
      });

      // Assess
      expect(outcomes).to.deep.equal(['returned', 'returned', 'returned']);
    });
  });

  describe('isThenable', () => {
    it('recognises promises and thenables only', () => {
      // Prepare
      // A thenable that is not a Promise, and an object whose `then` is not a function.
      const thenable = Object.fromEntries([['then', () => undefined]]);
      const notThenable = Object.fromEntries([['then', 1]]);
      const values: unknown[] = [Promise.resolve(1), thenable, null, undefined, 1, 'then', notThenable, () => 1];

      // Act
      const recognised = values.map(isThenable);

      // Assess
      expect(recognised).to.deep.equal([true, true, false, false, false, false, false, false]);
    });
  });

  describe('invariants over random batches (fast-check)', () => {
    const behaviours = fc.array(fc.constantFrom<Behaviour>('ok', 'ok-async', 'throw', 'throw-non-error', 'reject'), {
      maxLength: 25,
    });

    it('every record ends in exactly one outcome, and the response names exactly the failed ones in input order', async () => {
      await fc.assert(
        fc.asyncProperty(behaviours, async (plan) => {
          // Prepare
          const records = plan.map((behaviour, i) => sqsRecord(behaviour, { messageId: `m-${i}` }));
          const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
          processor.register(records, behave, { throwOnFullBatchFailure: false });

          // Act
          const results = await processor.process();

          // Assess
          const failed = records.filter((_, i) => FAILING.includes(plan[i] as Behaviour));
          expect(results.map(([status, , record]) => [status, record])).to.deep.equal(
            records.map((record, i) => [FAILING.includes(plan[i] as Behaviour) ? 'fail' : 'success', record]),
          );
          expect(processor.response()).to.deep.equal({ batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) });
          expect(processor.failureMessages).to.deep.equal(failed);
          expect(processor.successMessages).to.deep.equal(records.filter((r) => !failed.includes(r)));
          expect(processor.errors).to.have.length(failed.length);
        }),
      );
    });

    it('holds for the synchronous processor with synchronous handlers', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom<Behaviour>('ok', 'throw', 'throw-non-error'), { maxLength: 25 }), (plan) => {
          // Prepare
          const records = plan.map((behaviour, i) => sqsRecord(behaviour, { messageId: `m-${i}` }));
          const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
          processor.register(records, behave, { throwOnFullBatchFailure: false });

          // Act
          const results = processor.processSync();

          // Assess
          const failedIds = records.filter((_, i) => plan[i] !== 'ok').map((r) => r.messageId);
          expect(results).to.have.length(records.length);
          expect(results.filter(([status]) => status === 'fail').map(([, , r]) => (r as SQSRecord).messageId)).to.deep.equal(
            failedIds,
          );
          expect(processor.response().batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(failedIds);
        }),
      );
    });
  });
});
