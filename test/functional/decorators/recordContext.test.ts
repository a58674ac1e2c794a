import type {
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  KinesisStreamEvent,
  KinesisStreamRecord,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { BatchHandler, EventType, type RecordContext, RecordHandler, silentLogger } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt } from 'class-validator';
import { contextFields } from '../../support/recordContext';

describe('RecordContext (third argument of a record handler)', () => {
  it('describes each SQS record: type, index, messageId, Lambda context and attempt', async () => {
    // Prepare
    class CountDto {
      @IsInt() n!: number;
    }
    const seen: RecordContext[] = [];
    class CountHandler {
      @RecordHandler(EventType.SQS)
      handle(dto: CountDto, record: SQSRecord, ctx: RecordContext) {
        seen.push(ctx);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = {
      Records: [sqsRecord({ n: 1 }, { attributes: { ApproximateReceiveCount: '3' } }), sqsRecord({ n: 2 })],
    };
    const context = lambdaContext();

    // Act
    await new CountHandler().handler(event, context);

    // Assess
    expect(seen.map(contextFields)).to.deep.equal([
      {
        eventType: 'SQS',
        index: 0,
        itemIdentifier: event.Records[0]?.messageId,
        lambdaContext: context,
        attempt: 3,
        messageGroupId: undefined,
      },
      {
        eventType: 'SQS',
        index: 1,
        itemIdentifier: event.Records[1]?.messageId,
        lambdaContext: context,
        attempt: 1,
        messageGroupId: undefined,
      },
    ]);
    expect(seen[0]?.lambdaContext).to.equal(context);
  });

  it('carries the MessageGroupId of SQS FIFO records', async () => {
    // Prepare
    const seen: RecordContext[] = [];
    class FifoHandler {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord, same: SQSRecord, ctx: RecordContext) {
        seen.push(ctx);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = sqsEvent([{ n: 1 }, { n: 2 }], { fifo: true, groupId: 'customer-7' });

    // Act
    await new FifoHandler().handler(event, lambdaContext());

    // Assess
    expect(seen.map((ctx) => ctx.messageGroupId)).to.deep.equal(['customer-7', 'customer-7']);
    expect(seen.map((ctx) => ctx.index)).to.deep.equal([0, 1]);
  });

  it('describes Kinesis records by sequence number, with no SQS fields', async () => {
    // Prepare
    const seen: RecordContext[] = [];
    class ClickHandler {
      @RecordHandler(EventType.KinesisDataStreams)
      handle(record: KinesisStreamRecord, same: KinesisStreamRecord, ctx: RecordContext) {
        seen.push(ctx);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: KinesisStreamEvent, context: Context) {}
    }
    const event = kinesisEvent([{ n: 1 }, { n: 2 }]);
    const context = lambdaContext();

    // Act
    await new ClickHandler().handler(event, context);

    // Assess
    expect(seen.map(contextFields)).to.deep.equal(
      event.Records.map((r, index) => ({
        eventType: 'KinesisDataStreams',
        index,
        itemIdentifier: r.kinesis.sequenceNumber,
        lambdaContext: context,
        attempt: undefined,
        messageGroupId: undefined,
      })),
    );
  });

  it('describes DynamoDB Streams records by SequenceNumber', async () => {
    // Prepare
    const seen: RecordContext[] = [];
    class UserHandler {
      @RecordHandler(EventType.DynamoDBStreams)
      handle(record: DynamoDBRecord, same: DynamoDBRecord, ctx: RecordContext) {
        seen.push(ctx);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: DynamoDBStreamEvent, context: Context) {}
    }
    const event = dynamodbStreamEvent([
      { eventName: 'INSERT', keys: { pk: 'a' }, newImage: { pk: 'a' } },
      { eventName: 'REMOVE', keys: { pk: 'b' } },
    ]);
    const context = lambdaContext();

    // Act
    await new UserHandler().handler(event, context);

    // Assess
    expect(seen.map(contextFields)).to.deep.equal(
      event.Records.map((r, index) => ({
        eventType: 'DynamoDBStreams',
        index,
        itemIdentifier: r.dynamodb?.SequenceNumber,
        lambdaContext: context,
        attempt: undefined,
        messageGroupId: undefined,
      })),
    );
  });

  it('has no lambdaContext when the entry is called without one', async () => {
    // Prepare
    const seen: RecordContext[] = [];
    class NoContextHandler {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord, same: SQSRecord, ctx: RecordContext) {
        seen.push(ctx);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context?: Context) {}
    }

    // Act
    await new NoContextHandler().handler(sqsEvent([{ n: 1 }]));

    // Assess
    expect(seen).to.have.length(1);
    expect(seen[0]?.lambdaContext).to.equal(undefined);
  });
});
