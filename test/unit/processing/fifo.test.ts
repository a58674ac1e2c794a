import type { BatchRecord } from 'batchkit';
import { kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { isFifoBatch } from '../../../src/processing/fifo';
import { FIFO_ARN, STANDARD_ARN } from '../../support/records';

describe('isFifoBatch', () => {
  it("detects an SQS FIFO batch from a queue ARN ending in .fifo in 'auto' mode", () => {
    // Prepare
    const fifo = [sqsRecord({}, { eventSourceARN: FIFO_ARN })];
    const standard = [sqsRecord({}, { eventSourceARN: STANDARD_ARN })];

    // Act
    const detected = [isFifoBatch(fifo, 'auto'), isFifoBatch(standard, 'auto'), isFifoBatch([], 'auto')];

    // Assess
    expect(detected).to.deep.equal([true, false, false]);
  });

  it('does not take a non-SQS record with a .fifo-looking ARN for a FIFO batch', () => {
    // Prepare
    const record = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
    (record as { eventSourceARN: string }).eventSourceARN = 'arn:aws:kinesis:us-east-1:1:stream/s.fifo';

    // Act
    const detected = isFifoBatch([record], 'auto');

    // Assess
    expect(detected).to.equal(false);
  });

  it('follows a forced mode whatever the ARN says', () => {
    // Prepare
    const fifo = [sqsRecord({}, { eventSourceARN: FIFO_ARN })];
    const standard = [sqsRecord({}, { eventSourceARN: STANDARD_ARN })];

    // Act
    const forced = [isFifoBatch(fifo, false), isFifoBatch(standard, true)];

    // Assess
    expect(forced).to.deep.equal([false, true]);
  });
});
