import { type BatchRecord, EventType, UnexpectedBatchTypeError } from 'batchkit';
import { kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { batchSourceOf, isFifoBatch } from '../../../src/engine/batchSource';
import { thrownBy } from '../../support/errors';
import { dynamodbRecords, FIFO_ARN, kinesisRecords, STANDARD_ARN, standardRecords } from '../../support/records';

describe('engine: the source of a batch', () => {
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

    it('takes the batch for FIFO when any record comes from a .fifo queue, whatever record 0 looks like', () => {
      // Prepare
      const fifoLater = [sqsRecord({}, { eventSourceARN: STANDARD_ARN }), sqsRecord({}, { eventSourceARN: FIFO_ARN })];
      const oddFirst = [null, sqsRecord({}, { eventSourceARN: FIFO_ARN })] as unknown as BatchRecord[];

      // Act
      const detected = [isFifoBatch(fifoLater, 'auto'), isFifoBatch(oddFirst, 'auto')];

      // Assess
      expect(detected).to.deep.equal([true, true]);
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

  describe('batchSourceOf', () => {
    const cases: [string, readonly BatchRecord[], EventType | undefined][] = [
      ['SQS records', standardRecords(2), EventType.SQS],
      ['Kinesis records', kinesisRecords(['a', 'b']), EventType.KinesisDataStreams],
      ['DynamoDB records', dynamodbRecords([{ pk: 'a' }]), EventType.DynamoDBStreams],
      ['an empty batch', [], undefined],
      ['records of no known source, then SQS ones', [{ eventSource: 'aws:s3' }, ...standardRecords(1)] as BatchRecord[], 'SQS'],
    ];
    for (const [name, records, expected] of cases) {
      it(`reads ${String(expected)} from ${name}`, () => {
        // Act
        const source = batchSourceOf(records, undefined);

        // Assess
        expect(source).to.equal(expected);
      });
    }

    it("takes the processor's own source when it has one, whatever the records name", () => {
      // Act
      const source = batchSourceOf(kinesisRecords(['a']), EventType.SQS);

      // Assess
      expect(source).to.equal(EventType.SQS);
    });

    it('refuses a batch that mixes sources, wherever the odd record is', () => {
      // Prepare
      const batches = [
        [...kinesisRecords(['a']), ...standardRecords(2)],
        [...standardRecords(2), ...kinesisRecords(['a'])],
      ];

      // Act
      const errors = batches.map((records) => thrownBy(() => batchSourceOf(records, undefined)));

      // Assess: the message names both sources
      for (const error of errors) {
        expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
        expect((error as Error).message)
          .to.include('KinesisDataStreams')
          .and.to.include('SQS');
      }
    });

    // A Lambda event never holds one: the batch is refused before any record runs, naming the entry and its shape.
    const entries: [string, unknown, string][] = [
      ['null', null, 'Records[1] is null'],
      ['an array', [], 'Records[1] is an array'],
      ['a string', 'm1', 'Records[1] is a string'],
      ['a number', 7, 'Records[1] is a number'],
    ];
    for (const [name, entry, says] of entries) {
      it(`refuses a batch with an entry that is ${name}, saying which`, () => {
        // Prepare
        const records = [...standardRecords(1), entry, ...standardRecords(1)] as BatchRecord[];

        // Act
        const error = thrownBy(() => batchSourceOf(records, EventType.SQS));

        // Assess
        expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
        expect((error as Error).message).to.include(says);
      });
    }
  });
});
