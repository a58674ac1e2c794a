import type { SQSRecord } from 'aws-lambda';
import { type BatchOutcome, BatchProcessor, EventType, type ProcessOptions, silentLogger } from 'batchkit';
import { expect } from 'chai';
import { standardRecords } from '../../support/records';
import { delay } from '../../support/time';

/** Runs `records` through a plain SQS processor with these options and returns the outcome. */
async function outcomeOf(count: number, handler: (record: SQSRecord) => unknown, options: ProcessOptions): Promise<BatchOutcome> {
  const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
  const invoker = await processor.invokerFor(handler);
  return (await processor.execute(standardRecords(count), invoker, { throwOnFullBatchFailure: false, ...options })).outcome;
}

/** Every outcome's `durationMs`, in input order. */
function durations(outcome: BatchOutcome): (number | undefined)[] {
  return [...outcome.successes, ...outcome.failures].sort((a, b) => a.index - b.index).map((o) => o.durationMs);
}

describe('engine: measureDurations', () => {
  it('gives every outcome a plausible durationMs: ~20 ms for a record that awaits 20 ms, ~0 for a synchronous one', async () => {
    // Prepare
    const handler = (record: SQSRecord) => {
      if (record.messageId === 'm0') return 'sync'; // returns no promise at all
      return delay(20).then(() => {
        if (record.messageId === 'm2') throw new Error('failed after 20 ms');
        return 'awaited';
      });
    };

    // Act
    const outcome = await outcomeOf(3, handler, { measureDurations: true });

    // Assess
    const [sync, awaited, failed] = durations(outcome) as number[];
    expect(outcome.failures.map((f) => f.index)).to.deep.equal([2]);
    expect(sync).to.be.a('number').within(0, 15);
    expect(awaited).to.be.a('number').within(15, 1_000);
    expect(failed).to.be.a('number').within(15, 1_000);
  });

  it("measures each record from its own start, not from the batch's", async () => {
    // Prepare
    const handler = () => delay(30);

    // Act
    const outcome = await outcomeOf(4, handler, { measureDurations: true });

    // Assess: one after another, the last record starts ~90 ms into the batch
    for (const ms of durations(outcome)) expect(ms).to.be.a('number').within(25, 80);
  });

  it('leaves durationMs out without the option', async () => {
    // Act
    const outcomes = [await outcomeOf(2, () => 'ok', {}), await outcomeOf(2, () => 'ok', { measureDurations: false })];

    // Assess
    for (const outcome of outcomes) {
      expect(durations(outcome)).to.deep.equal([undefined, undefined]);
      expect(outcome.successes.every((s) => !('durationMs' in s))).to.equal(true);
    }
  });
});
