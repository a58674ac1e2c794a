import {
  type BatchRecord,
  EventType,
  NonErrorThrownError,
  type ProcessOptions,
  type ProcessResult,
  TimeBudgetExceededError,
} from 'batchkit';
import { kinesisEvent, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import fc from 'fast-check';
import { ProcessingRun, RecordContextImpl } from '../../../src/processing/ProcessingRun.js';
import { resolveRunSettings } from '../../../src/processing/runSettings.js';
import { scheduleRecords } from '../../../src/processing/scheduler.js';
import { macrotask } from '../../support/time';

/** A run over `records` with these options; `deadline` (epoch ms) replaces the one a context would give. */
function runOf(records: BatchRecord[], eventType: EventType, options: ProcessOptions = {}, deadline?: number) {
  const settings = { ...resolveRunSettings(records, eventType, options, { fifo: 'auto' }), deadline };
  const run = new ProcessingRun(records, () => undefined, settings, undefined);
  const contexts = records.map((record, index) => new RecordContextImpl(run, record, index));
  return { run, contexts };
}

/** Kinesis records with these partition keys. */
function keyed(keys: readonly string[]): BatchRecord[] {
  return kinesisEvent(keys.map((_, n) => ({ n }))).Records.map((record, i) => ({
    ...record,
    kinesis: { ...record.kinesis, partitionKey: keys[i] as string },
  }));
}

/** Standard SQS records (no ordering group). */
function ungrouped(count: number): BatchRecord[] {
  return sqsEvent(Array.from({ length: count }, (_, n) => ({ n }))).Records;
}

/** A start function whose records finish only when the test says so. */
function manualStarts(records: readonly BatchRecord[]) {
  const started: number[] = [];
  const finishers = new Map<number, () => void>();
  return {
    started,
    get inFlight(): number[] {
      return [...finishers.keys()];
    },
    start: (context: RecordContextImpl): Promise<ProcessResult> => {
      started.push(context.index);
      return new Promise<ProcessResult>((resolve) => {
        finishers.set(context.index, () => {
          finishers.delete(context.index);
          resolve(['success', context.index, records[context.index] as BatchRecord]);
        });
      });
    },
    /** Finishes record `index` and lets the scheduler react. */
    async finish(index: number): Promise<void> {
      const finisher = finishers.get(index);
      expect(finisher, `record ${index} is not in flight`).to.not.equal(undefined);
      finisher?.();
      await macrotask();
    },
  };
}

/** The outcome kinds of a run, in input order: the result for successes, the error's code or name for failures. */
function outcomes(run: ProcessingRun): unknown[] {
  return run.settled().map((s) => ('error' in s ? ((s.error as { code?: string }).code ?? s.error.name) : s.result));
}

describe('processing/scheduler', () => {
  describe('the plain path (concurrency 1, no deadline)', () => {
    it('runs records one after another in input order', async () => {
      // Prepare
      const records = ungrouped(3);
      const { run, contexts } = runOf(records, EventType.SQS);
      const manual = manualStarts(records);

      // Act
      const done = scheduleRecords(run, contexts, manual.start);
      const firstStarted = manual.started.slice();
      await manual.finish(0);
      const secondStarted = manual.started.slice();
      await manual.finish(1);
      await manual.finish(2);
      await done;

      // Assess
      expect(firstStarted).to.deep.equal([0]);
      expect(secondStarted).to.deep.equal([0, 1]);
      expect(outcomes(run)).to.deep.equal([0, 1, 2]);
    });

    it('handles synchronous results without waiting for a promise', () => {
      // Prepare
      const records = ungrouped(4);
      const { run, contexts } = runOf(records, EventType.SQS);

      // Act
      void scheduleRecords(run, contexts, (context) => ['success', context.index * 2, records[context.index] as BatchRecord]);

      // Assess: every record settled before scheduleRecords returned
      expect(outcomes(run)).to.deep.equal([0, 2, 4, 6]);
    });
  });

  describe('the concurrent path', () => {
    it('handles synchronous results without waiting for a promise', () => {
      // Prepare
      const records = ungrouped(5);
      const { run, contexts } = runOf(records, EventType.SQS, { concurrency: 3 }, Date.now() + 60_000);

      // Act
      const done = scheduleRecords(run, contexts, (context) => ['success', context.index, records[context.index] as BatchRecord]);

      // Assess
      expect(outcomes(run)).to.deep.equal([0, 1, 2, 3, 4]);
      return done;
    });

    it('keeps at most `concurrency` records in flight and starts the next as soon as one finishes', async () => {
      // Prepare
      const records = ungrouped(5);
      const { run, contexts } = runOf(records, EventType.SQS, { concurrency: 2 });
      const manual = manualStarts(records);

      // Act
      const done = scheduleRecords(run, contexts, manual.start);
      const initially = manual.started.slice();
      await manual.finish(1);
      const afterOne = manual.started.slice();
      await manual.finish(0);
      const afterTwo = manual.started.slice();
      await manual.finish(2);
      await manual.finish(3);
      await manual.finish(4);
      await done;

      // Assess
      expect(initially).to.deep.equal([0, 1]);
      expect(afterOne).to.deep.equal([0, 1, 2]);
      expect(afterTwo).to.deep.equal([0, 1, 2, 3]);
      expect(outcomes(run)).to.deep.equal([0, 1, 2, 3, 4]);
    });

    it('starts a record only after the previous record of its group finished', async () => {
      // Prepare
      const records = keyed(['a', 'a', 'b', 'c']);
      const { run, contexts } = runOf(records, EventType.KinesisDataStreams, { concurrency: 2 });
      const manual = manualStarts(records);

      // Act
      const done = scheduleRecords(run, contexts, manual.start);
      const initially = manual.started.slice();
      await manual.finish(2);
      const afterB = manual.started.slice();
      await manual.finish(0);
      const afterA = manual.started.slice();
      await manual.finish(3);
      await manual.finish(1);
      await done;

      // Assess: record 1 waits for record 0, so record 3 takes the free slot
      expect(initially).to.deep.equal([0, 2]);
      expect(afterB).to.deep.equal([0, 2, 3]);
      expect(afterA).to.deep.equal([0, 2, 3, 1]);
    });

    it('starts the earliest eligible record first when a slot frees up', async () => {
      // Prepare
      const records = keyed(['a', 'a', 'b', 'c']);
      const { run, contexts } = runOf(records, EventType.KinesisDataStreams, { concurrency: 2 });
      const manual = manualStarts(records);

      // Act
      const done = scheduleRecords(run, contexts, manual.start);
      await manual.finish(0);
      const afterA = manual.started.slice();
      await manual.finish(2);
      await manual.finish(1);
      await manual.finish(3);
      await done;

      // Assess: records 1 and 3 are both eligible; 1 comes first in the batch
      expect(afterA).to.deep.equal([0, 2, 1]);
      expect(manual.started).to.deep.equal([0, 2, 1, 3]);
    });

    it("with ordering 'none', starts records of one group together", async () => {
      // Prepare
      const records = keyed(['a', 'a', 'a']);
      const { run, contexts } = runOf(records, EventType.KinesisDataStreams, { concurrency: 3, ordering: 'none' });
      const manual = manualStarts(records);

      // Act
      const done = scheduleRecords(run, contexts, manual.start);
      const initially = manual.started.slice();
      for (const i of [2, 1, 0]) await manual.finish(i);
      await done;

      // Assess
      expect(initially).to.deep.equal([0, 1, 2]);
    });

    it('fails a record whose start throws or rejects, with the error (a non-Error wrapped), and goes on', async () => {
      // Prepare
      const records = keyed(['a', 'a', 'a', 'a', 'a']);
      const { run, contexts } = runOf(records, EventType.KinesisDataStreams, { concurrency: 2, onError: 'continue' });
      const boom = new Error('boom');

      // Act
      await scheduleRecords(run, contexts, (context): ProcessResult | Promise<ProcessResult> => {
        const record = records[context.index] as BatchRecord;
        switch (context.index) {
          case 0:
            throw boom;
          case 1:
            return Promise.reject('text');
          case 2:
            return Promise.reject(undefined);
          case 3:
            throw null;
          default:
            return Promise.resolve(['success', 'ok', record]);
        }
      });

      // Assess
      const settled = run.settled();
      expect(settled).to.have.length(5);
      expect('error' in settled[0]! && settled[0].error).to.equal(boom);
      expect('error' in settled[1]! && settled[1].error).to.be.instanceOf(NonErrorThrownError);
      expect('error' in settled[2]! && settled[2].error).to.be.instanceOf(Error);
      expect('error' in settled[3]! && settled[3].error).to.be.instanceOf(NonErrorThrownError);
      expect(outcomes(run)[4]).to.equal('ok');
    });
  });

  describe('the deadline', () => {
    it('fails the running record (started) and the unstarted ones (not started), closes the run and aborts its signal', async () => {
      // Prepare
      const records = ungrouped(3);
      const { run, contexts } = runOf(records, EventType.SQS, {}, Date.now() + 40);
      const manual = manualStarts(records);

      // Act
      await scheduleRecords(run, contexts, manual.start);
      const atDeadline = run.settled().map((s) => s.index);
      await manual.finish(0);

      // Assess
      expect(manual.started).to.deep.equal([0]);
      expect(atDeadline).to.deep.equal([0, 1, 2]);
      const errors = run.settled().map((s) => ('error' in s ? s.error : undefined));
      for (const error of errors) {
        expect(error).to.be.instanceOf(TimeBudgetExceededError);
        expect((error as TimeBudgetExceededError).code).to.equal('TIME_BUDGET_EXCEEDED');
      }
      expect(errors.map((e) => (e as TimeBudgetExceededError).started)).to.deep.equal([true, false, false]);
      expect(run.closed).to.equal(true);
      expect(run.signal.aborted).to.equal(true);
    });

    it('ignores a record that settles after the deadline', async () => {
      // Prepare
      const records = ungrouped(1);
      const { run, contexts } = runOf(records, EventType.SQS, {}, Date.now() + 20);
      const manual = manualStarts(records);

      // Act
      await scheduleRecords(run, contexts, manual.start);
      await manual.finish(0);
      run.succeed(contexts[0]!, records[0]!, 'late');

      // Assess
      expect(outcomes(run)).to.deep.equal(['TIME_BUDGET_EXCEEDED']);
      expect(run.outcome().successes).to.deep.equal([]);
    });

    it('starts nothing when the deadline has already passed', async () => {
      // Prepare
      const records = ungrouped(3);
      const { run, contexts } = runOf(records, EventType.SQS, { concurrency: 2 }, Date.now() - 1);
      const manual = manualStarts(records);

      // Act
      await scheduleRecords(run, contexts, manual.start);

      // Assess
      expect(manual.started).to.deep.equal([]);
      expect(outcomes(run)).to.deep.equal(['TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED']);
      expect(run.signal.aborted).to.equal(true);
    });

    it('resolves when every record settled, without waiting for the deadline, and leaves the signal alone', async () => {
      // Prepare
      const records = ungrouped(3);
      const { run, contexts } = runOf(records, EventType.SQS, { concurrency: 2 }, Date.now() + 5_000);
      const manual = manualStarts(records);
      const begin = Date.now();

      // Act
      const done = scheduleRecords(run, contexts, manual.start);
      await manual.finish(0);
      await manual.finish(1);
      await manual.finish(2);
      await done;

      // Assess
      expect(Date.now() - begin).to.be.lessThan(2_000);
      expect(outcomes(run)).to.deep.equal([0, 1, 2]);
      expect(run.signal.aborted).to.equal(false);
    });
  });

  it('is work-conserving and ordered for any groups, bound and completion order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
        async (keys, concurrency, picks) => {
          // Prepare
          const records = keyed(keys);
          const { run, contexts } = runOf(records, EventType.KinesisDataStreams, { concurrency }, Date.now() + 60_000);
          const manual = manualStarts(records);
          const finished = new Set<number>();
          /** Records not started whose previous record of the same key has finished. */
          const eligible = () =>
            keys.flatMap((key, i) => {
              if (manual.started.includes(i)) return [];
              const previous = keys.slice(0, i).lastIndexOf(key);
              return previous === -1 || finished.has(previous) ? [i] : [];
            });

          // Act
          const done = scheduleRecords(run, contexts, manual.start);
          for (let step = 0; manual.inFlight.length > 0; step++) {
            // Assess (after every step)
            const inFlight = manual.inFlight;
            expect(inFlight.length).to.be.at.most(concurrency);
            expect(new Set(inFlight.map((i) => keys[i])).size).to.equal(inFlight.length);
            if (inFlight.length < concurrency) expect(eligible()).to.deep.equal([]);
            const index = inFlight[(picks[step % picks.length] as number) % inFlight.length] as number;
            finished.add(index);
            const before = manual.started.length;
            const expectedStarts = eligible().slice(0, concurrency - (inFlight.length - 1));
            await manual.finish(index);
            // the freed slots go to the earliest eligible records
            expect(manual.started.slice(before)).to.deep.equal(expectedStarts);
          }
          await done;

          // Assess
          expect(manual.started.slice().sort((x, y) => x - y)).to.deep.equal(keys.map((_, i) => i));
          for (const key of new Set(keys)) {
            const own = manual.started.filter((i) => keys[i] === key);
            expect(own).to.deep.equal(own.slice().sort((x, y) => x - y));
          }
          expect(outcomes(run)).to.deep.equal(keys.map((_, i) => i));
        },
      ),
      { numRuns: 60 },
    );
  });
});
