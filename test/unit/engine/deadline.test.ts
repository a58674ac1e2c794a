import { EventType, TimeBudgetExceededError } from 'batchkit';
import { expect } from 'chai';
import type { Run } from '../../../src/engine/Run';
import { scheduleRecords } from '../../../src/engine/scheduler';
import { standardRecords } from '../../support/records';
import { delay } from '../../support/time';
import { busyWaitUntil, manualSteps, outcomes, runnerOf, runOf } from './support';

/** Each record's `started` flag, for the records cut off by the time budget (`undefined` for other outcomes). */
function startedFlags(run: Run): (boolean | undefined)[] {
  return run.settled().map((s) => ('error' in s && s.error instanceof TimeBudgetExceededError ? s.error.started : undefined));
}

/** Whether `pending` settles within `ms` milliseconds. */
async function settlesWithin(pending: unknown, ms: number): Promise<boolean> {
  return Promise.race([Promise.resolve(pending).then(() => true), delay(ms).then(() => false)]);
}

describe('engine: the deadline', () => {
  describe('one record at a time', () => {
    it('fails the running record (started) and the unstarted ones (not started), closes the run and aborts its signal', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(3), EventType.SQS, {}, { deadline: Date.now() + 40 });
      const runner = runnerOf(run, manual.step);

      // Act
      await scheduleRecords(runner, false);
      const atDeadline = run.settled().map((s) => s.index);
      await manual.finish(0);

      // Assess
      expect(manual.started).to.deep.equal([0]);
      expect(atDeadline).to.deep.equal([0, 1, 2]);
      expect(outcomes(run)).to.deep.equal(['TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED']);
      expect(startedFlags(run)).to.deep.equal([true, false, false]);
      expect(runner.notified).to.deep.equal([0, 1, 2]);
      expect(run.closed).to.equal(true);
      expect(run.signal.aborted).to.equal(true);
      expect(run.signal.reason).to.be.instanceOf(TimeBudgetExceededError);
      // the reason is the run's own, about no record in particular
      expect([run.signal.reason.itemIdentifier, run.signal.reason.started]).to.deep.equal([undefined, false]);
    });

    it('ignores a record that settles after the deadline', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(1), EventType.SQS, {}, { deadline: Date.now() + 20 });
      const runner = runnerOf(run, manual.step);

      // Act
      await scheduleRecords(runner, false);
      await manual.finish(0);
      run.succeed(run.contextAt(0), 'late');

      // Assess
      expect(outcomes(run)).to.deep.equal(['TIME_BUDGET_EXCEEDED']);
      expect(run.outcome().successes).to.deep.equal([]);
    });

    it('checks the deadline before each record: one that settles after it, before the timer fires, is the last to start', async () => {
      // Prepare
      const manual = manualSteps();
      const deadline = Date.now() + 40;
      const run = runOf(standardRecords(3), EventType.SQS, {}, { deadline });

      // Act
      const done = scheduleRecords(runnerOf(run, manual.step), false);
      busyWaitUntil(deadline + 5); // the deadline passes while the thread is busy: the timer cannot fire yet
      await manual.finish(0); // settles first; the loop must not start record 1
      await done;

      // Assess
      expect(manual.started).to.deep.equal([0]);
      expect(outcomes(run)).to.deep.equal([0, 'TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED']);
      expect(startedFlags(run)).to.deep.equal([undefined, false, false]);
    });

    for (const sync of [false, true]) {
      it(`starts no record after the deadline when records end synchronously (${sync ? 'synchronous' : 'asynchronous'} run)`, () => {
        // Prepare
        const count = 20;
        const started: number[] = [];
        const run = runOf(standardRecords(count), EventType.SQS, {}, { deadline: Date.now() + 40 });

        // Act
        void scheduleRecords(
          runnerOf(run, (context) => {
            started.push(context.index);
            busyWaitUntil(Date.now() + 15);
            return { ok: true, result: context.index };
          }),
          sync,
        );

        // Assess: a prefix ran (each record to its end); every later record failed unstarted
        expect(started.length).to.be.within(1, count - 1);
        expect(started).to.deep.equal(Array.from({ length: started.length }, (_, i) => i));
        expect(outcomes(run)).to.deep.equal([...started, ...Array(count - started.length).fill('TIME_BUDGET_EXCEEDED')]);
        expect(startedFlags(run).slice(started.length)).to.deep.equal(Array(count - started.length).fill(false));
      });
    }
  });

  describe('under concurrency', () => {
    it('cuts off the records in flight at the deadline and returns without waiting for them', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(4), EventType.SQS, { concurrency: 2 }, { deadline: Date.now() + 50 });
      const runner = runnerOf(run, manual.step);

      // Act
      const returned = await settlesWithin(scheduleRecords(runner, false), 2_000);

      // Assess
      expect(returned).to.equal(true);
      expect(manual.started).to.deep.equal([0, 1]);
      expect(outcomes(run)).to.deep.equal(Array(4).fill('TIME_BUDGET_EXCEEDED'));
      expect(startedFlags(run)).to.deep.equal([true, true, false, false]);
      expect(runner.notified).to.deep.equal([0, 1, 2, 3]);
      expect(run.signal.aborted).to.equal(true);
    });

    it('starts no new record when records in flight settle after the deadline, and keeps their outcome', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(4), EventType.SQS, { concurrency: 2 }, { deadline: Date.now() + 30 });
      const runner = runnerOf(run, manual.step);
      await scheduleRecords(runner, false);

      // Act
      await manual.finish(0);
      await manual.finish(1, { ok: false, error: new Error('late failure'), ran: true });

      // Assess
      expect(manual.started).to.deep.equal([0, 1]);
      expect(outcomes(run)).to.deep.equal(Array(4).fill('TIME_BUDGET_EXCEEDED'));
      expect(startedFlags(run)).to.deep.equal([true, true, false, false]);
      expect(runner.notified).to.deep.equal([0, 1, 2, 3]);
    });

    it('checks the deadline before each start: a record that ends past it leaves its slot unused', async () => {
      // Prepare
      const started: number[] = [];
      const deadline = Date.now() + 30;
      const run = runOf(standardRecords(3), EventType.SQS, { concurrency: 2 }, { deadline });

      // Act
      await scheduleRecords(
        runnerOf(run, (context) => {
          started.push(context.index);
          busyWaitUntil(deadline + 5); // ends synchronously, after the deadline: no timer was armed
          return { ok: true, result: context.index };
        }),
        false,
      );

      // Assess
      expect(started).to.deep.equal([0]);
      expect(outcomes(run)).to.deep.equal([0, 'TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED']);
      expect(startedFlags(run)).to.deep.equal([undefined, false, false]);
    });

    it('starts nothing when the deadline has already passed', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(3), EventType.SQS, { concurrency: 2 }, { deadline: Date.now() - 1 });

      // Act
      await scheduleRecords(runnerOf(run, manual.step), false);

      // Assess
      expect(manual.started).to.deep.equal([]);
      expect(outcomes(run)).to.deep.equal(['TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED', 'TIME_BUDGET_EXCEEDED']);
      expect(run.signal.aborted).to.equal(true);
    });

    it('resolves when every record settled, without waiting for the deadline, and leaves the signal alone', async () => {
      // Prepare
      const manual = manualSteps();
      const run = runOf(standardRecords(3), EventType.SQS, { concurrency: 2 }, { deadline: Date.now() + 5_000 });
      const begin = Date.now();

      // Act
      const done = scheduleRecords(runnerOf(run, manual.step), false);
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
});
