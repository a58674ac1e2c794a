import type { SQSRecord } from 'aws-lambda';
import { type BatchRecord, EventType, SqsFifoRequeuedError } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import type { Run } from '../../../src/engine/Run';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import { FIFO_ARN, fifoRecords, kinesisRecords } from '../../support/records';
import { outcomes, runOf } from './support';

/** Settles the run's records: those in `failed` fail (as their handler threw), the others succeed with their index. */
function settle(run: Run, failed: readonly number[]): number[] {
  const skipped: number[] = [];
  run.skipped = (context) => skipped.push(context.index);
  for (const context of run.contexts() as RecordContextImpl[]) {
    if (context.problem !== undefined) run.fail(context, context.problem, false);
    else if (failed.includes(context.index)) run.fail(context, new Error(`failed ${context.index}`), true);
    else run.succeed(context, context.index);
  }
  return skipped;
}

/** Fails the successes behind these failures, as the SQS FIFO requeue does. */
function requeueBehind(run: Run): void {
  const stuck = run.outcome().failures;
  run.amendments.failBehind(stuck, (blocker) => new SqsFifoRequeuedError(blocker.itemIdentifier));
}

describe('engine: failing the successes behind failures found after the records (failBehind)', () => {
  it("with 'skip-group': fails the later successes of a stuck record's group only, tells the processor, keeps them retryable", () => {
    // Prepare: records 1 and 4 have no message group, so they are in none (1 blocks nothing); a catch-all nonRetryable
    // makes the records whose handler threw poison, never those failed behind them
    const ungrouped = (messageId: string) => {
      const record = sqsRecord({}, { messageId, eventSourceARN: FIFO_ARN });
      delete (record.attributes as { MessageGroupId?: string }).MessageGroupId;
      return record;
    };
    const [a0, b2, a3] = fifoRecords(['a', 'b', 'a']) as [SQSRecord, SQSRecord, SQSRecord];
    const records = [a0, ungrouped('u1'), b2, a3, ungrouped('u4')];
    const run = runOf(records, EventType.SQS, { onError: 'skip-group' }, { nonRetryable: () => true });
    const skipped = settle(run, [0, 1]);

    // Act
    requeueBehind(run);

    // Assess
    expect(outcomes(run)).to.deep.equal(['Error', 'Error', 2, 'FIFO_REQUEUED', 4]);
    expect(skipped).to.deep.equal([3]);
    expect(run.outcome().failures.map((f) => [f.index, f.retryable])).to.deep.equal([
      [0, false],
      [1, false],
      [3, true],
    ]);
  });

  it('lets a stuck record of a source the processor does not read block nothing', () => {
    // Prepare
    const stray = sqsRecord({}) as unknown as BatchRecord;
    const run = runOf([stray, ...kinesisRecords(['a', 'a'])], EventType.KinesisDataStreams, { onError: 'skip-group' });
    settle(run, []);

    // Act
    requeueBehind(run);

    // Assess
    expect(outcomes(run)).to.deep.equal(['UNEXPECTED_BATCH_TYPE', 1, 2]);
  });
});
