import type { SQSRecord } from 'aws-lambda';
import { EventType } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import { standardRecords } from '../../support/records';
import { runOf } from './support';

describe('engine: the view of a run, and a run part-way through', () => {
  it("shows the run's signal, aborted with the first reason it was closed for", () => {
    // Prepare
    const run = runOf(standardRecords(1), EventType.SQS);
    const first = new Error('deadline');

    // Act
    run.close(first);
    run.close(new Error('closed again'));
    const { signal } = run.view;

    // Assess
    expect(signal).to.equal(run.signal);
    expect([signal.aborted, signal.reason]).to.deep.equal([true, first]);
  });

  it('shows the records and a frozen copy of the settings', () => {
    // Prepare
    const records = standardRecords(2);
    const run = runOf(records, EventType.SQS, { concurrency: 2 });

    // Act
    const { view } = run;

    // Assess
    expect(view.records).to.equal(records);
    expect(view.settings).to.deep.equal(run.settings);
    expect(Object.isFrozen(view.settings)).to.equal(true);
  });

  describe('before every record settled', () => {
    /** A run of three records: a failure without an identifier (handled), a success, one still running. */
    function partlySettled() {
      const unnamed = { ...sqsRecord({}), messageId: '' } as SQSRecord;
      const run = runOf([unnamed, ...standardRecords(2)], EventType.SQS);
      const [a, b] = run.contexts() as [RecordContextImpl, RecordContextImpl];
      run.fail(a, new Error('moved'), true);
      run.amendments.markHandled(0);
      run.succeed(b, 'ok');
      return run;
    }

    it('lists only the settled records', () => {
      // Act
      const settled = partlySettled().settled();

      // Assess
      expect(settled.map((s) => s.index)).to.deep.equal([0, 1]);
    });

    it('gives results index-aligned with the records, with a hole for the record without outcome', () => {
      // Act
      const results = partlySettled().results();

      // Assess
      expect(results).to.have.length(3);
      expect(results[1]?.[1]).to.equal('ok');
      expect(2 in results).to.equal(false);
    });

    it('finds nothing unreportable in it', () => {
      // Prepare
      const run = partlySettled();

      // Act
      const check = () => run.assertReportable();

      // Assess
      expect(check).to.not.throw();
    });
  });
});
