import type { SQSRecord } from 'aws-lambda';
import { BatchProcessor, BatchProcessorSync, EventType, silentLogger } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import fc from 'fast-check';

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

/** Records whose bodies are the behaviours of the plan, with messageIds `m-0`, `m-1`, ... */
function recordsOf(plan: readonly Behaviour[]): SQSRecord[] {
  return plan.map((behaviour, i) => sqsRecord(behaviour, { messageId: `m-${i}` }));
}

describe('processors: one outcome per record, for any batch (fast-check)', () => {
  it('every record ends in exactly one outcome, and the response names exactly the failed ones in input order', async () => {
    const behaviours = fc.array(fc.constantFrom<Behaviour>('ok', 'ok-async', 'throw', 'throw-non-error', 'reject'), {
      maxLength: 25,
    });
    await fc.assert(
      fc.asyncProperty(behaviours, fc.integer({ min: 1, max: 4 }), async (plan, concurrency) => {
        // Prepare
        const records = recordsOf(plan);
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency });
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
        const records = recordsOf(plan);
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
