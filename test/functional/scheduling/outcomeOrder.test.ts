import type { Context, KinesisStreamRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  EventType,
  processPartialResponse,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import fc from 'fast-check';
import { indexOf, kinesisRecords, standardRecords } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

/** Record `i` of `count` waits longer the earlier it is, so records finish in reverse input order. */
function reverseWait(i: number, count: number): number {
  return (count - i) * 6;
}

const FAILING = new Set([1, 3, 4]);

describe('outcome order under concurrency', () => {
  it('keeps the response, the outcome and the hook calls in input order when records finish in reverse (@BatchHandler)', async () => {
    // Prepare
    const count = 6;
    const finished: number[] = [];
    const hooks: string[] = [];
    let outcome: BatchOutcome | undefined;
    class Orders {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        const i = indexOf(record);
        await delay(reverseWait(i, count));
        finished.push(i);
        if (FAILING.has(i)) throw new Error(`record ${i} failed`);
        return i * 10;
      }

      onSuccess(success: RecordSuccess) {
        hooks.push(`success ${success.itemIdentifier}`);
      }

      onFailure(failure: RecordFailure) {
        hooks.push(`failure ${failure.itemIdentifier}`);
      }

      @BatchHandler({ logger: silentLogger, concurrency: count })
      async handler(event: SQSEvent, context?: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }

    // Act
    const response = await new Orders().handler({ Records: standardRecords(count) });

    // Assess
    expect(finished).to.deep.equal([5, 4, 3, 2, 1, 0]);
    expect(response).to.deep.equal(failuresOf('m1', 'm3', 'm4'));
    expect(outcome?.successes.map((s) => [s.index, s.itemIdentifier, s.result])).to.deep.equal([
      [0, 'm0', 0],
      [2, 'm2', 20],
      [5, 'm5', 50],
    ]);
    expect(outcome?.failures.map((f) => [f.index, f.itemIdentifier])).to.deep.equal([
      [1, 'm1'],
      [3, 'm3'],
      [4, 'm4'],
    ]);
    expect(hooks).to.deep.equal(['success m0', 'failure m1', 'success m2', 'failure m3', 'failure m4', 'success m5']);
  });

  it('keeps the response, the results and the inspection fields in input order (procedural API)', async () => {
    // Prepare
    const count = 6;
    const records = standardRecords(count);
    const finished: number[] = [];
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: count });
    const handler = async (record: SQSRecord) => {
      const i = indexOf(record);
      await delay(reverseWait(i, count));
      finished.push(i);
      if (FAILING.has(i)) throw new Error(`record ${i} failed`);
      return i * 10;
    };

    // Act
    const response = await processPartialResponse({ Records: records }, handler, processor);
    const results = await processor.register(records, handler).process();

    // Assess
    expect(finished).to.deep.equal([5, 4, 3, 2, 1, 0, 5, 4, 3, 2, 1, 0]);
    expect(response).to.deep.equal(failuresOf('m1', 'm3', 'm4'));
    expect(results.map(([status, value, record]) => [status, status === 'success' ? value : null, record])).to.deep.equal(
      records.map((record, i) => (FAILING.has(i) ? ['fail', null, record] : ['success', i * 10, record])),
    );
    expect(processor.successMessages).to.deep.equal([records[0], records[2], records[5]]);
    expect(processor.failureMessages).to.deep.equal([records[1], records[3], records[4]]);
  });

  it('calls the settle observer of execute() in input order (procedural hooks)', async () => {
    // Prepare
    const count = 5;
    const records = kinesisRecords(['a', 'b', 'c', 'd', 'e']);
    const observed: number[] = [];
    const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

    // Act
    const { outcome } = await processor.execute(
      records,
      async (record) => {
        await delay(reverseWait(indexOf(record as KinesisStreamRecord), count));
      },
      { concurrency: count },
      (settled) => {
        observed.push(settled.index);
      },
    );

    // Assess
    expect(observed).to.deep.equal([0, 1, 2, 3, 4]);
    expect(outcome.successes.map((s) => s.index)).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('reports exactly the failed records, in input order, for any completion order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ms: fc.integer({ min: 0, max: 6 }), fails: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        async (specs, concurrency) => {
          // Prepare
          const records = standardRecords(specs.length);
          const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency });

          // Act
          const response = await processPartialResponse(
            { Records: records },
            async (record: SQSRecord) => {
              const spec = specs[indexOf(record)];
              await delay(spec?.ms ?? 0);
              if (spec?.fails) throw new Error('failed');
            },
            processor,
            { throwOnFullBatchFailure: false },
          );

          // Assess
          expect(response).to.deep.equal(failuresOf(...specs.flatMap((s, i) => (s.fails ? [`m${i}`] : []))));
          expect(processor.successMessages.length + processor.failureMessages.length).to.equal(specs.length);
        },
      ),
      { numRuns: 20 },
    );
  });
});
