import { EventType } from 'batchkit';
import { expect } from 'chai';
import fc from 'fast-check';
import { scheduleRecords } from '../../../src/engine/scheduler';
import { kinesisRecords, standardRecords } from '../../support/records';
import { manualSteps, outcomes, runnerOf, runOf } from './support';

/** A run of Kinesis records with these partition keys, its runner over `step`, and the options. */
function keyedRun(keys: readonly string[], options: Parameters<typeof runOf>[2], step: Parameters<typeof runnerOf>[1]) {
  const run = runOf(kinesisRecords(keys), EventType.KinesisDataStreams, options);
  return { run, runner: runnerOf(run, step) };
}

describe('engine: scheduling records concurrently', () => {
  describe('the concurrent scheduler', () => {
    it('handles synchronous verdicts without waiting for a promise', () => {
      // Prepare
      const run = runOf(standardRecords(5), EventType.SQS, { concurrency: 3 }, { deadline: Date.now() + 60_000 });

      // Act
      const done = scheduleRecords(
        runnerOf(run, (context) => ({ ok: true, result: context.index })),
        false,
      );

      // Assess
      expect(outcomes(run)).to.deep.equal([0, 1, 2, 3, 4]);
      return done;
    });

    it('keeps at most `concurrency` records in flight and starts the next as soon as one finishes', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(5), EventType.SQS, { concurrency: 2 });

      // Act
      const done = scheduleRecords(runnerOf(run, manual.step), false);
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
      const manual = manualSteps();
      const { runner } = keyedRun(['a', 'a', 'b', 'c'], { concurrency: 2 }, manual.step);

      // Act
      const done = scheduleRecords(runner, false);
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
      const manual = manualSteps();
      const { runner } = keyedRun(['a', 'a', 'b', 'c'], { concurrency: 2 }, manual.step);

      // Act
      const done = scheduleRecords(runner, false);
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
      const manual = manualSteps();
      const { runner } = keyedRun(['a', 'a', 'a'], { concurrency: 3, ordering: 'none' }, manual.step);

      // Act
      const done = scheduleRecords(runner, false);
      const initially = manual.started.slice();
      for (const i of [2, 1, 0]) await manual.finish(i);
      await done;

      // Assess
      expect(initially).to.deep.equal([0, 1, 2]);
    });

    it('fails records blocked by onError without calling their step, and tells the processor', async () => {
      // Prepare
      const manual = manualSteps();
      const { run, runner } = keyedRun(['a', 'a', 'b'], { concurrency: 2, onError: 'skip-group' }, manual.step);

      // Act
      const done = scheduleRecords(runner, false);
      await manual.finish(0, { ok: false, error: new Error('a failed'), ran: true });
      await manual.finish(2);
      await done;

      // Assess
      expect(manual.started).to.deep.equal([0, 2]);
      expect(outcomes(run)).to.deep.equal(['Error', 'STREAM_SHORT_CIRCUIT', 2]);
      expect(runner.notified).to.deep.equal([1]);
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
          const manual = manualSteps();
          const run = runOf(
            kinesisRecords(keys),
            EventType.KinesisDataStreams,
            { concurrency },
            { deadline: Date.now() + 60_000 },
          );
          const finished = new Set<number>();
          /** Records not started whose previous record of the same key has finished. */
          const eligible = () =>
            keys.flatMap((key, i) => {
              if (manual.started.includes(i)) return [];
              const previous = keys.slice(0, i).lastIndexOf(key);
              return previous === -1 || finished.has(previous) ? [i] : [];
            });

          // Act
          const done = scheduleRecords(runnerOf(run, manual.step), false);
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
