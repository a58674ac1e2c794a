import { EventType, NonErrorThrownError } from 'batchkit';
import { expect } from 'chai';
import type { Verdict } from '../../../src/engine/Run';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import { scheduleRecords } from '../../../src/engine/scheduler';
import { standardRecords } from '../../support/records';
import { runnerOf, runOf } from './support';

const boom = new Error('boom');
const rejected = new Error('rejected');

/** A step that misbehaves in a different way for each record; the last record succeeds. */
function misbehaving(context: RecordContextImpl): Verdict | Promise<Verdict> {
  switch (context.index) {
    case 0:
      throw boom;
    case 1:
      return Promise.reject('text');
    case 2:
      return Promise.reject(undefined);
    case 3:
      return Promise.resolve(undefined as unknown as Verdict); // resolves without a verdict
    case 4:
      return Promise.reject(rejected);
    case 5:
      throw null;
    default:
      return Promise.resolve({ ok: true, result: 'ok' });
  }
}

describe('engine: a record step that throws, rejects or gives no verdict', () => {
  for (const concurrency of [1, 2]) {
    const loop = concurrency === 1 ? 'the in-order loop' : 'the concurrent scheduler';

    it(`fails only that record, with the error (a non-Error wrapped, a missing one named): ${loop}`, async () => {
      // Prepare
      const run = runOf(standardRecords(7), EventType.SQS, { concurrency });

      // Act
      await scheduleRecords(runnerOf(run, misbehaving), false);

      // Assess
      const errors = run.settled().map((s) => ('error' in s ? s.error : s.result));
      expect(errors).to.have.length(7);
      expect(errors[0]).to.equal(boom);
      expect(errors[1]).to.be.instanceOf(NonErrorThrownError);
      expect([(errors[2] as Error).message, (errors[3] as Error).message]).to.deep.equal([
        'the record step rejected',
        'the record step rejected',
      ]);
      expect(errors[4]).to.equal(rejected);
      expect(errors[5]).to.be.instanceOf(NonErrorThrownError);
      expect(errors[6]).to.equal('ok');
    });

    it(`keeps those failures retryable, even for a catch-all nonRetryable (no record handler threw): ${loop}`, async () => {
      // Prepare
      const run = runOf(standardRecords(7), EventType.SQS, { concurrency }, { nonRetryable: () => true });

      // Act
      await scheduleRecords(runnerOf(run, misbehaving), false);

      // Assess
      expect(run.outcome().failures.map((f) => f.retryable)).to.deep.equal([true, true, true, true, true, true]);
    });
  }
});
