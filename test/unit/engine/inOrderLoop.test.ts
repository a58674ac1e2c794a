import { EventType } from 'batchkit';
import { expect } from 'chai';
import { scheduleRecords } from '../../../src/engine/scheduler';
import { standardRecords } from '../../support/records';
import { manualSteps, outcomes, runnerOf, runOf } from './support';

describe('engine: the in-order loop (concurrency 1, and every synchronous run)', () => {
  it('runs records one after another in input order', async () => {
    // Prepare
    const manual = manualSteps();
    const run = runOf(standardRecords(3), EventType.SQS);

    // Act
    const done = scheduleRecords(runnerOf(run, manual.step), false);
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

  for (const sync of [false, true]) {
    it(`handles synchronous verdicts without waiting for a promise (${sync ? 'synchronous' : 'asynchronous'} run)`, () => {
      // Prepare
      const run = runOf(standardRecords(4), EventType.SQS);

      // Act
      const done = scheduleRecords(
        runnerOf(run, (context) => ({ ok: true, result: context.index * 2 })),
        sync,
      );

      // Assess: every record settled before scheduleRecords returned, and it returned no promise
      expect(done).to.equal(undefined);
      expect(outcomes(run)).to.deep.equal([0, 2, 4, 6]);
    });
  }

  it('runs a synchronous run in input order even with a concurrency above 1', () => {
    // Prepare
    const started: number[] = [];
    const run = runOf(standardRecords(3), EventType.SQS, { concurrency: 3 });

    // Act
    const done = scheduleRecords(
      runnerOf(run, (context) => {
        started.push(context.index);
        return { ok: true, result: context.index };
      }),
      true,
    );

    // Assess
    expect(done).to.equal(undefined);
    expect(started).to.deep.equal([0, 1, 2]);
  });
});
