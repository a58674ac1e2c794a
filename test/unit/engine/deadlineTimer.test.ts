import { EventType } from 'batchkit';
import { expect } from 'chai';
import { scheduleRecords } from '../../../src/engine/scheduler';
import { atDeadline } from '../../../src/engine/timeBudget';
import { standardRecords } from '../../support/records';
import { delay } from '../../support/time';
import { manualSteps, outcomes, runnerOf, runOf, watchTimers } from './support';

/** Runs `action` with `Date.now()` fixed at `epochMs`. */
function atTime<T>(epochMs: number, action: () => T): T {
  const now = Date.now;
  Date.now = () => epochMs;
  try {
    return action();
  } finally {
    Date.now = now;
  }
}

describe('engine: the deadline timer', () => {
  describe('atDeadline', () => {
    it('expires at once, before it returns, when the deadline is due now or has passed', () => {
      // Prepare
      const now = Date.now();
      const fired: number[] = [];

      // Act
      atTime(now, () => {
        atDeadline(now, () => fired.push(0));
        atDeadline(now - 1, () => fired.push(1));
      });

      // Assess
      expect(fired).to.deep.equal([0, 1]);
    });

    it('never expires once cancelled, and leaves no timer behind', async () => {
      // Prepare
      let fired = false;
      const timers = watchTimers();

      // Act
      let armed: number;
      let afterCancel: number;
      try {
        const cancel = atDeadline(Date.now() + 20, () => {
          fired = true;
        });
        armed = timers.live;
        cancel();
        afterCancel = timers.live;
      } finally {
        timers.stop();
      }
      await delay(60);

      // Assess
      expect([armed, afterCancel]).to.deep.equal([1, 0]);
      expect(fired).to.equal(false);
    });
  });

  // One timer per run at most, armed by the first record that waits; none without a deadline; none left afterwards.
  const cases: [string, number, number | undefined, number][] = [
    ['the in-order loop, with a deadline', 1, 60_000, 1],
    ['the in-order loop, without a deadline', 1, undefined, 0],
    ['the concurrent scheduler, with a deadline', 2, 60_000, 1],
    ['the concurrent scheduler, without a deadline', 2, undefined, 0],
  ];
  for (const [name, concurrency, inMs, whileWaiting] of cases) {
    it(`arms ${whileWaiting} timer(s) while records wait and leaves none when the batch ends first: ${name}`, async () => {
      // Prepare
      const manual = manualSteps();
      const deadline = inMs === undefined ? undefined : Date.now() + inMs;
      const run = runOf(standardRecords(3), EventType.SQS, { concurrency }, { deadline });
      const timers = watchTimers();

      // Act
      const waiting: number[] = [];
      let afterwards: number;
      try {
        const done = scheduleRecords(runnerOf(run, manual.step), false);
        waiting.push(timers.live);
        await manual.finish(0);
        waiting.push(timers.live);
        await manual.finish(1);
        await manual.finish(2);
        await done;
        afterwards = timers.live;
      } finally {
        timers.stop();
      }

      // Assess
      expect(waiting).to.deep.equal([whileWaiting, whileWaiting]);
      expect(afterwards).to.equal(0);
      expect(outcomes(run)).to.deep.equal([0, 1, 2]);
    });
  }
});
