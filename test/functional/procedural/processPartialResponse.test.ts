import type { Context, DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
  processPartialResponseSync,
  type RecordContext,
  silentLogger,
} from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../../support/errors';
import { contextFields } from '../../support/recordContext';
import { failuresOf } from '../../support/responses';

describe('processPartialResponse (procedural API)', () => {
  describe('SQS', () => {
    it('reports exactly the failed messageIds, in input order', async () => {
      // Prepare
      const event = {
        Records: ['a', 'b', 'c', 'd', 'e'].map((id) => sqsRecord({ ok: id !== 'b' && id !== 'd' }, { messageId: id })),
      };
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const handler = (record: SQSRecord) => {
        if (!JSON.parse(record.body).ok) throw new Error('rejected');
        return 'done';
      };

      // Act
      const response = await processPartialResponse(event, handler, processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('b', 'd'));
    });

    it('calls the handler with (record, lambda context, record context)', async () => {
      // Prepare
      const context = lambdaContext();
      const event = {
        Records: [
          sqsRecord({ n: 1 }, { messageId: 'm-1' }),
          sqsRecord({ n: 2 }, { messageId: 'm-2', attributes: { ApproximateReceiveCount: '3' } }),
        ],
      };
      const calls: unknown[][] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      await processPartialResponse(
        event,
        (record: SQSRecord, lambda: Context | undefined, ctx: RecordContext) => {
          calls.push([record, lambda, contextFields(ctx)]);
        },
        processor,
        { context },
      );

      // Assess
      expect(calls).to.have.length(2);
      expect(calls[0]?.[0]).to.equal(event.Records[0]);
      expect(calls[0]?.[1]).to.equal(context);
      expect(calls[0]?.[2]).to.deep.equal({
        eventType: EventType.SQS,
        index: 0,
        itemIdentifier: 'm-1',
        lambdaContext: context,
        attempt: 1,
        messageGroupId: undefined,
      });
      expect(calls[1]?.[0]).to.equal(event.Records[1]);
      expect(calls[1]?.[2]).to.deep.equal({
        eventType: EventType.SQS,
        index: 1,
        itemIdentifier: 'm-2',
        lambdaContext: context,
        attempt: 3,
        messageGroupId: undefined,
      });
    });

    it('gives the record context the message group of a FIFO record', async () => {
      // Prepare
      const event = sqsEvent([{ n: 1 }], { fifo: true, groupId: 'customer-7' });
      const groups: (string | undefined)[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      await processPartialResponse(
        event,
        (_r: SQSRecord, _c: unknown, ctx: RecordContext) => groups.push(ctx.messageGroupId),
        processor,
      );

      // Assess
      expect(groups).to.deep.equal(['customer-7']);
    });

    it('passes no Lambda context when none is given', async () => {
      // Prepare
      const event = sqsEvent([{ n: 1 }]);
      const seen: unknown[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      await processPartialResponse(
        event,
        (_r: SQSRecord, lambda: Context | undefined, ctx: RecordContext) => seen.push(lambda, ctx.lambdaContext),
        processor,
      );

      // Assess
      expect(seen).to.deep.equal([undefined, undefined]);
    });

    it('returns an empty list when every record succeeds', async () => {
      // Prepare
      const event = sqsEvent([{ n: 1 }, { n: 2 }, { n: 3 }]);
      const handled: string[] = [];
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        event,
        async (record: SQSRecord) => handled.push(record.messageId),
        processor,
      );

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(handled).to.deep.equal(event.Records.map((r) => r.messageId));
    });

    it('returns an empty list for an empty batch, without calling the handler', async () => {
      // Prepare
      let calls = 0;
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse({ Records: [] }, () => calls++, processor);

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(calls).to.equal(0);
    });

    it('throws FullBatchFailureError when every record fails', async () => {
      // Prepare
      const event = { Records: ['x', 'y'].map((id) => sqsRecord({}, { messageId: id })) };
      const errors = [new Error('first'), new Error('second')];
      let call = 0;
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const error = await rejectionOf(
        processPartialResponse(
          event,
          () => {
            throw errors[call++];
          },
          processor,
        ),
      );

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      const full = error as FullBatchFailureError;
      expect(full.code).to.equal('FULL_BATCH_FAILURE');
      expect(full.recordErrors).to.deep.equal(errors);
      expect(full.recordErrors[0]).to.equal(errors[0]);
      expect(full.response).to.deep.equal(failuresOf('x', 'y'));
    });

    it('lists every record instead of throwing when throwOnFullBatchFailure is false', async () => {
      // Prepare
      const event = { Records: ['x', 'y', 'z'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        event,
        async () => {
          throw new Error('down');
        },
        processor,
        { throwOnFullBatchFailure: false },
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('x', 'y', 'z'));
    });
  });

  describe('Kinesis Data Streams', () => {
    it('reports the sequence numbers of failed records, in input order', async () => {
      // Prepare
      const event = kinesisEvent([{ page: '/a' }, { page: '/fail' }, { page: '/b' }, { page: '/fail' }]);
      const seq = event.Records.map((r) => r.kinesis.sequenceNumber);
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });
      const handler = async (record: KinesisStreamRecord) => {
        const click = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
        if (click.page === '/fail') throw new Error('cannot track');
      };

      // Act (streams stop at the first failure by default; 'continue' runs every record, as Powertools does)
      const response = await processPartialResponse(event, handler, processor, { onError: 'continue' });

      // Assess
      expect(response).to.deep.equal(failuresOf(seq[1] as string, seq[3] as string));
    });

    it('calls the handler with (record, lambda context, record context)', async () => {
      // Prepare
      const context = lambdaContext();
      const event = kinesisEvent([{ page: '/a' }, { page: '/b' }]);
      const calls: unknown[][] = [];
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      await processPartialResponse(
        event,
        (record: KinesisStreamRecord, lambda: Context | undefined, ctx: RecordContext) => {
          calls.push([record, lambda, contextFields(ctx)]);
        },
        processor,
        { context },
      );

      // Assess
      expect(calls.map((c) => c[0])).to.deep.equal(event.Records);
      expect(calls.map((c) => c[1])).to.deep.equal([context, context]);
      expect(calls.map((c) => c[2])).to.deep.equal(
        event.Records.map((r, index) => ({
          eventType: EventType.KinesisDataStreams,
          index,
          itemIdentifier: r.kinesis.sequenceNumber,
          lambdaContext: context,
          attempt: undefined,
          messageGroupId: undefined,
        })),
      );
    });

    it('returns an empty list when every record succeeds', async () => {
      // Prepare
      const event = kinesisEvent([{ page: '/a' }, { page: '/b' }]);
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(event, () => 'ok', processor);

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
    });

    it('throws FullBatchFailureError naming every sequence number when every record fails', async () => {
      // Prepare
      const event = kinesisEvent([{ page: '/a' }, { page: '/b' }]);
      const processor = new BatchProcessor(EventType.KinesisDataStreams, { logger: silentLogger });

      // Act
      const error = await rejectionOf(
        processPartialResponse(
          event,
          () => {
            throw new RangeError('no');
          },
          processor,
          { onError: 'continue' },
        ),
      );

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      const full = error as FullBatchFailureError;
      expect(full.recordErrors).to.have.length(2);
      expect(full.recordErrors.every((e) => e instanceof RangeError)).to.equal(true);
      expect(full.response).to.deep.equal(failuresOf(...event.Records.map((r) => r.kinesis.sequenceNumber)));
    });
  });

  describe('DynamoDB Streams', () => {
    it('reports the SequenceNumbers of failed records, in input order', async () => {
      // Prepare
      const event = dynamodbStreamEvent([
        { eventName: 'INSERT', keys: { pk: 'u#1' }, newImage: { pk: 'u#1', email: 'a@example.com' } },
        { eventName: 'MODIFY', keys: { pk: 'u#2' }, newImage: { pk: 'u#2' }, oldImage: { pk: 'u#2', email: 'b@example.com' } },
        { eventName: 'REMOVE', keys: { pk: 'u#3' }, oldImage: { pk: 'u#3' } },
      ]);
      const seq = event.Records.map((r) => r.dynamodb?.SequenceNumber as string);
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });
      const handler = (record: DynamoDBRecord) => {
        if (record.eventName !== 'MODIFY') throw new Error('only updates are synced');
      };

      // Act (streams stop at the first failure by default; 'continue' runs every record)
      const response = await processPartialResponse(event, handler, processor, { onError: 'continue' });

      // Assess
      expect(response).to.deep.equal(failuresOf(seq[0] as string, seq[2] as string));
    });

    it('calls the handler with (record, lambda context, record context)', async () => {
      // Prepare
      const context = lambdaContext();
      const event = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'u#1' }, newImage: { pk: 'u#1' } }]);
      const calls: unknown[][] = [];
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });

      // Act
      await processPartialResponse(
        event,
        (record: DynamoDBRecord, lambda: Context | undefined, ctx: RecordContext) => {
          calls.push([record, lambda, contextFields(ctx)]);
        },
        processor,
        { context },
      );

      // Assess
      expect(calls).to.deep.equal([
        [
          event.Records[0],
          context,
          {
            eventType: EventType.DynamoDBStreams,
            index: 0,
            itemIdentifier: event.Records[0]?.dynamodb?.SequenceNumber,
            lambdaContext: context,
            attempt: undefined,
            messageGroupId: undefined,
          },
        ],
      ]);
    });

    it('returns an empty list when every record succeeds, and lists all when told not to throw', async () => {
      // Prepare
      const event = dynamodbStreamEvent([
        { eventName: 'INSERT', keys: { pk: 'u#1' } },
        { eventName: 'INSERT', keys: { pk: 'u#2' } },
      ]);
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });

      // Act
      const allGood = await processPartialResponse(event, () => undefined, processor);
      const allBad = await processPartialResponse(
        event,
        () => {
          throw new Error('down');
        },
        processor,
        { throwOnFullBatchFailure: false },
      );

      // Assess
      expect(allGood).to.deep.equal({ batchItemFailures: [] });
      expect(allBad).to.deep.equal(failuresOf(...event.Records.map((r) => r.dynamodb?.SequenceNumber as string)));
    });

    it('throws FullBatchFailureError when every record fails', async () => {
      // Prepare
      const event = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'u#1' } }]);
      const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });

      // Act
      const error = await rejectionOf(
        processPartialResponse(
          event,
          async () => {
            throw new Error('down');
          },
          processor,
        ),
      );

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      expect((error as FullBatchFailureError).response).to.deep.equal(
        failuresOf(event.Records[0]?.dynamodb?.SequenceNumber as string),
      );
    });
  });

  describe('processPartialResponseSync', () => {
    it('reports failed records of a synchronous handler, in input order', () => {
      // Prepare
      const event = { Records: ['a', 'b', 'c'].map((id) => sqsRecord({ id }, { messageId: id })) };
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

      // Act
      const response = processPartialResponseSync(
        event,
        (record: SQSRecord) => {
          if (record.messageId !== 'b') throw new Error('no');
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('a', 'c'));
    });

    it('throws FullBatchFailureError when every record fails, unless told not to', () => {
      // Prepare
      const event = { Records: ['a', 'b'].map((id) => sqsRecord({ id }, { messageId: id })) };
      const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
      const failing = () => {
        throw new Error('no');
      };

      // Act
      const error = thrownBy(() => processPartialResponseSync(event, failing, processor));
      const response = processPartialResponseSync(event, failing, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      expect((error as FullBatchFailureError).response).to.deep.equal(failuresOf('a', 'b'));
      expect(response).to.deep.equal(failuresOf('a', 'b'));
    });
  });
});
