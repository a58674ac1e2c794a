import type { SQSRecord } from 'aws-lambda';
import { EventType, RecordParseError, SqsFifoRequeuedError } from 'batchkit';
import { expect } from 'chai';
import { Run } from '../../../src/engine/Run.js';
import { resolveRunSettings } from '../../../src/engine/settings.js';
import { requeueBehind } from '../../../src/sqs/deadLetter/fifoRequeue.js';
import { fifoRecords } from '../../support/records.js';

describe('FIFO requeue behind a stuck poison record', () => {
  it('fails the later successes of the batch with SqsFifoRequeuedError, even after the time budget closed the run', () => {
    // Prepare
    const records: SQSRecord[] = fifoRecords(['g', 'g']);
    const run = new Run(records, resolveRunSettings(records, EventType.SQS, {}, { fifo: 'auto' }));
    const [poison, later] = run.contexts();
    if (poison === undefined || later === undefined) expect.fail('two contexts expected');
    run.fail(poison, new RecordParseError('bad body'), true);
    run.succeed(later, 'done');
    run.close(new Error('deadline'));

    // Act
    requeueBehind(run.view, run.amendments, run.outcome().failures);

    // Assess
    const { failures, response } = run.outcome();
    expect(failures.map((f) => f.error.constructor)).to.deep.equal([RecordParseError, SqsFifoRequeuedError]);
    expect((failures[1]?.error as SqsFifoRequeuedError | undefined)?.code).to.equal('FIFO_REQUEUED');
    expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }]);
  });

  it('leaves a standard queue alone: it has no order to keep', () => {
    // Prepare
    const records = fifoRecords(['g', 'g']);
    const run = new Run(records, resolveRunSettings(records, EventType.SQS, { fifo: false }, { fifo: 'auto' }));
    const [poison, later] = run.contexts();
    if (poison === undefined || later === undefined) expect.fail('two contexts expected');
    run.fail(poison, new RecordParseError('bad body'), true);
    run.succeed(later, 'done');

    // Act
    requeueBehind(run.view, run.amendments, run.outcome().failures);

    // Assess
    expect(run.outcome().successes.map((s) => s.itemIdentifier)).to.deep.equal(['m1']);
  });
});
