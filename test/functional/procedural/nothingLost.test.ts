import type { SQSRecord } from 'aws-lambda';
import {
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  MissingItemIdentifierError,
  NonErrorThrownError,
  processPartialResponse,
  processPartialResponseSync,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../../support/errors';
import { failuresOf } from '../../support/responses';

describe('nothing is lost (procedural API)', () => {
  describe('records of another source', () => {
    it('fails a Kinesis record in an SQS batch with UnexpectedBatchTypeError, without running the handler', async () => {
      // Prepare
      const stray = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
      const records: BatchRecord[] = [sqsRecord({}, { messageId: 'a' }), stray, sqsRecord({}, { messageId: 'b' })];
      const handled: unknown[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse({ Records: records }, (record: SQSRecord) => handled.push(record), processor);

      // Assess
      expect(response).to.deep.equal(failuresOf((stray as { kinesis: { sequenceNumber: string } }).kinesis.sequenceNumber));
      expect(handled).to.deep.equal([records[0], records[2]]);
      expect(processor.errors).to.have.length(1);
      expect(processor.errors[0]).to.be.instanceOf(UnexpectedBatchTypeError);
      expect((processor.errors[0] as UnexpectedBatchTypeError).code).to.equal('UNEXPECTED_BATCH_TYPE');
    });

    it('fails SQS and DynamoDB records in a Kinesis batch, never a silent success', async () => {
      // Prepare
      const kinesis = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
      const dynamo = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'k' } }]).Records[0] as BatchRecord;
      const sqs = sqsRecord({}, { messageId: 'sqs-1' });
      let calls = 0;
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      const response = await processPartialResponse({ Records: [sqs, kinesis, dynamo] }, () => calls++, processor, {
        onError: 'continue',
      });

      // Assess
      expect(response).to.deep.equal(
        failuresOf('sqs-1', (dynamo as { dynamodb: { SequenceNumber: string } }).dynamodb.SequenceNumber),
      );
      expect(calls).to.equal(1);
      expect(processor.errors.every((e) => e instanceof UnexpectedBatchTypeError)).to.equal(true);
    });

    it('fails a record without any eventSource', async () => {
      // Prepare
      const unknown = { ...sqsRecord({}, { messageId: 'no-source' }), eventSource: undefined } as unknown as BatchRecord;
      let calls = 0;
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: [unknown, sqsRecord({}, { messageId: 'ok' })] },
        () => calls++,
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('no-source'));
      expect(calls).to.equal(1);
      expect(processor.errors[0]).to.be.instanceOf(UnexpectedBatchTypeError);
    });

    it('does the same in the synchronous processor', () => {
      // Prepare
      const stray = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
      let calls = 0;
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

      // Act
      const response = processPartialResponseSync(
        { Records: [sqsRecord({}, { messageId: 'a' }), stray] },
        () => calls++,
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf((stray as { kinesis: { sequenceNumber: string } }).kinesis.sequenceNumber));
      expect(calls).to.equal(1);
      expect(processor.errors[0]).to.be.instanceOf(UnexpectedBatchTypeError);
    });
  });

  describe('events that are not batches', () => {
    const notBatches: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a string', 'Records'],
      ['an object without Records', { records: [] }],
      ['Records that is not an array', { Records: { 0: sqsRecord({}) } }],
    ];

    for (const [name, event] of notBatches) {
      it(`throws UnexpectedBatchTypeError for ${name}, before any record runs`, async () => {
        // Prepare
        let calls = 0;
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

        // Act
        const error = await rejectionOf(processPartialResponse(event, () => calls++, processor));

        // Assess
        expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
        expect((error as UnexpectedBatchTypeError).code).to.equal('UNEXPECTED_BATCH_TYPE');
        expect(calls).to.equal(0);
      });
    }

    it('throws UnexpectedBatchTypeError from processPartialResponseSync too', () => {
      // Prepare
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

      // Act
      const error = thrownBy(() => processPartialResponseSync({ Records: null }, () => undefined, processor));

      // Assess
      expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
    });
  });

  describe('failed records without a usable identifier', () => {
    const badIdentifiers: [string, unknown][] = [
      ['missing', undefined],
      ['empty', ''],
      ['null', null],
      ['a number', 42],
    ];

    for (const [name, messageId] of badIdentifiers) {
      it(`throws MissingItemIdentifierError when a failed record's messageId is ${name}`, async () => {
        // Prepare
        const broken = { ...sqsRecord({}, { messageId: 'placeholder' }), messageId } as unknown as SQSRecord;
        const records = [sqsRecord({}, { messageId: 'ok' }), broken, sqsRecord({}, { messageId: 'fails-too' })];
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

        // Act
        const error = await rejectionOf(
          processPartialResponse(
            { Records: records },
            (record: SQSRecord) => {
              if (record.messageId !== 'ok') throw new Error('failed');
            },
            processor,
          ),
        );

        // Assess
        expect(error).to.be.instanceOf(MissingItemIdentifierError);
        expect((error as MissingItemIdentifierError).code).to.equal('MISSING_ITEM_IDENTIFIER');
        expect((error as MissingItemIdentifierError).index).to.equal(1);
      });
    }

    it('throws MissingItemIdentifierError for a Kinesis record without a sequence number', async () => {
      // Prepare
      const event = kinesisEvent([{ n: 1 }, { n: 2 }]);
      (event.Records[0] as { kinesis: { sequenceNumber: unknown } }).kinesis.sequenceNumber = '';
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      const error = await rejectionOf(
        processPartialResponse(
          event,
          (_record: unknown, _lambda: unknown, ctx: { index: number }) => {
            if (ctx.index === 0) throw new Error('failed');
          },
          processor,
        ),
      );

      // Assess
      expect(error).to.be.instanceOf(MissingItemIdentifierError);
    });

    it('throws MissingItemIdentifierError for a DynamoDB record without a SequenceNumber, in the sync processor too', () => {
      // Prepare
      const event = dynamodbStreamEvent([
        { eventName: 'INSERT', keys: { pk: 'a' } },
        { eventName: 'INSERT', keys: { pk: 'b' } },
      ]);
      delete (event.Records[1] as { dynamodb: { SequenceNumber?: string } }).dynamodb.SequenceNumber;
      const processor = new BatchProcessorSync(EventType.DynamoDBStreams, { logger: silentLogger });

      // Act
      const error = thrownBy(() =>
        processPartialResponseSync(
          event,
          (_record: unknown, _lambda: unknown, ctx: { index: number }) => {
            if (ctx.index === 1) throw new Error('failed');
          },
          processor,
        ),
      );

      // Assess
      expect(error).to.be.instanceOf(MissingItemIdentifierError);
    });

    it('throws MissingItemIdentifierError from process() as well', async () => {
      // Prepare
      const broken = { ...sqsRecord({}), messageId: '' } as SQSRecord;
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      processor.register([sqsRecord({}, { messageId: 'ok' }), broken], (record: SQSRecord) => {
        if (record === broken) throw new Error('failed');
      });

      // Act
      const error = await rejectionOf(processor.process());

      // Assess
      expect(error).to.be.instanceOf(MissingItemIdentifierError);
    });

    it('does not throw when the record without an identifier succeeded', async () => {
      // Prepare
      const unnamed = { ...sqsRecord({}), messageId: '' } as SQSRecord;
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        { Records: [unnamed, sqsRecord({}, { messageId: 'b' })] },
        (record: SQSRecord) => {
          if (record.messageId === 'b') throw new Error('failed');
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('b'));
    });
  });

  describe('thrown values that are not Errors', () => {
    const thrownValues: [string, unknown][] = [
      ["'x'", 'x'],
      ['null', null],
      ['undefined', undefined],
      ['42', 42],
      ['a plain object', { reason: 'nope' }],
    ];

    for (const [name, thrown] of thrownValues) {
      it(`fails only that record when the handler throws ${name}, keeping it as cause`, async () => {
        // Prepare
        const records = ['a', 'b', 'c'].map((id) => sqsRecord({}, { messageId: id }));
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

        // Act
        const response = await processPartialResponse(
          { Records: records },
          (record: SQSRecord) => {
            if (record.messageId === 'b') throw thrown;
          },
          processor,
        );

        // Assess
        expect(response).to.deep.equal(failuresOf('b'));
        expect(processor.errors).to.have.length(1);
        const error = processor.errors[0] as NonErrorThrownError;
        expect(error).to.be.instanceOf(NonErrorThrownError);
        expect(error.code).to.equal('NON_ERROR_THROWN');
        expect(error.cause).to.equal(thrown);
        expect(Object.hasOwn(error, 'cause')).to.equal(true);
      });

      it(`fails only that record when an async handler rejects with ${name}`, async () => {
        // Prepare
        const records = ['a', 'b'].map((id) => sqsRecord({}, { messageId: id }));
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

        // Act
        const response = await processPartialResponse(
          { Records: records },
          async (record: SQSRecord) => {
            if (record.messageId === 'a') return Promise.reject(thrown);
            return 'ok';
          },
          processor,
        );

        // Assess
        expect(response).to.deep.equal(failuresOf('a'));
        expect(processor.errors[0]).to.be.instanceOf(NonErrorThrownError);
        expect((processor.errors[0] as NonErrorThrownError).cause).to.equal(thrown);
      });
    }
  });
});
