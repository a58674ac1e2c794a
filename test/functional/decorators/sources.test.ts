// Each event source end to end through @BatchHandler: the payload a DTO is built from, the item identifiers, and the
// partial batch response Lambda gets back.
import type { Context, DynamoDBStreamEvent, KinesisStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchHandler, EventType, FullBatchFailureError, type RecordContext, RecordHandler, silentLogger } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { rejectionOf } from '../../support/errors';
import { failuresOf } from '../../support/responses';

describe('@BatchHandler with each event source', () => {
  describe('SQS', () => {
    it('builds the DTO from the JSON body and reports the failed messageIds in input order', async () => {
      // Prepare
      class OrderDto {
        @IsString() id!: string;
        @IsInt() @Min(1) qty!: number;
      }
      const seen: unknown[] = [];
      class Orders {
        @RecordHandler(EventType.SQS)
        async handle(order: OrderDto) {
          seen.push(order);
          if (order.id === 'refused') throw new Error('refused by the warehouse');
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = {
        Records: [
          sqsRecord({ id: 'o-1', qty: 1 }, { messageId: 'm-1' }),
          sqsRecord({ id: 'refused', qty: 1 }, { messageId: 'm-2' }),
          sqsRecord({ id: 'o-3', qty: 3 }, { messageId: 'm-3' }),
          sqsRecord({ id: 'o-4', qty: 0 }, { messageId: 'm-4' }),
          sqsRecord('not json', { messageId: 'm-5' }),
          sqsRecord({ id: 'o-6', qty: 6 }, { messageId: 'm-6' }),
        ],
      };

      // Act
      const response = await new Orders().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal(failuresOf('m-2', 'm-4', 'm-5'));
      expect(seen.every((order) => order instanceof OrderDto)).to.equal(true);
      expect(seen.map((order) => ({ ...(order as OrderDto) }))).to.deep.equal([
        { id: 'o-1', qty: 1 },
        { id: 'refused', qty: 1 },
        { id: 'o-3', qty: 3 },
        { id: 'o-6', qty: 6 },
      ]);
    });
  });

  describe('Kinesis Data Streams', () => {
    it('builds the DTO from the base64 JSON data and reports the failed sequence numbers in input order', async () => {
      // Prepare
      class ClickDto {
        @IsString() page!: string;
        @IsString() user!: string;
      }
      const seen: unknown[] = [];
      class Clicks {
        @RecordHandler(EventType.KinesisDataStreams)
        track(click: ClickDto) {
          seen.push(click);
          if (click.page === '/broken') throw new Error('tracker unavailable');
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: KinesisStreamEvent, context: Context) {}
      }
      // Failures last: on streams, records after a failure may be stopped (issue 4's default), not what this shows.
      const event = kinesisEvent([
        { page: '/home', user: 'u-1' },
        { page: '/cart', user: 'u-2' },
        { page: '/broken', user: 'u-3' },
        { page: '/checkout' },
      ]);
      const ids = event.Records.map((record) => record.kinesis.sequenceNumber);

      // Act
      const response = await new Clicks().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal(failuresOf(ids[2]!, ids[3]!));
      expect(seen.every((click) => click instanceof ClickDto)).to.equal(true);
      expect(seen.map((click) => (click as ClickDto).page)).to.deep.equal(['/home', '/cart', '/broken']);
    });
  });

  describe('DynamoDB Streams', () => {
    it('builds the DTO from NewImage, else OldImage (REMOVE), else Keys, and reports failed sequence numbers', async () => {
      // Prepare
      class UserDto {
        @IsString() pk!: string;
        @IsOptional() @IsString() email?: string;
        @IsOptional() @IsInt() visits?: number;
        @IsOptional() @IsIn(['new', 'old']) image?: string;
      }
      const seen: unknown[] = [];
      class Users {
        @RecordHandler(EventType.DynamoDBStreams)
        sync(user: UserDto) {
          seen.push(user);
          if (user.pk === 'u#fail') throw new Error('search index rejected the document');
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: DynamoDBStreamEvent, context: Context) {}
      }
      const event = dynamodbStreamEvent([
        {
          eventName: 'MODIFY',
          keys: { pk: 'u#1' },
          newImage: { pk: 'u#1', email: 'new@example.com', visits: 2, image: 'new' },
          oldImage: { pk: 'u#1', email: 'old@example.com', visits: 1, image: 'old' },
        },
        { eventName: 'REMOVE', keys: { pk: 'u#2' }, oldImage: { pk: 'u#2', email: 'gone@example.com', image: 'old' } },
        { eventName: 'REMOVE', keys: { pk: 'u#3' } },
        { eventName: 'INSERT', keys: { pk: 'u#fail' }, newImage: { pk: 'u#fail' } },
        { eventName: 'INSERT', keys: { pk: 'u#5' }, newImage: { pk: 'u#5', visits: 'many' } },
      ]);
      const ids = event.Records.map((record) => record.dynamodb!.SequenceNumber!);

      // Act
      const response = await new Users().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal(failuresOf(ids[3]!, ids[4]!));
      expect(seen.every((user) => user instanceof UserDto)).to.equal(true);
      expect(seen.map((user) => JSON.parse(JSON.stringify(user)))).to.deep.equal([
        { pk: 'u#1', email: 'new@example.com', visits: 2, image: 'new' },
        { pk: 'u#2', email: 'gone@example.com', image: 'old' },
        { pk: 'u#3' },
        { pk: 'u#fail' },
      ]);
    });
  });

  describe('batches without failures', () => {
    it('returns { batchItemFailures: [] } when every record succeeds', async () => {
      // Prepare
      let handled = 0;
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {
          handled++;
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Act
      const response = await new Orders().handler(sqsEvent([{ n: 1 }, { n: 2 }, { n: 3 }]), lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(handled).to.equal(3);
    });

    it('returns { batchItemFailures: [] } for Records: [] without calling any record handler', async () => {
      // Prepare
      let handled = 0;
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {
          handled++;
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Act
      const response = await new Orders().handler({ Records: [] }, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(handled).to.equal(0);
    });
  });

  describe('when every record fails', () => {
    it('throws FullBatchFailureError with every record error and a response naming every record', async () => {
      // Prepare
      const thrown = [new Error('first'), new Error('second')];
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord, _record: SQSRecord, ctx: RecordContext) {
          throw thrown[ctx.index];
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = { Records: [sqsRecord({ n: 1 }, { messageId: 'm-1' }), sqsRecord({ n: 2 }, { messageId: 'm-2' })] };

      // Act
      const error = await rejectionOf(() => new Orders().handler(event, lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      const full = error as FullBatchFailureError;
      expect(full.code).to.equal('FULL_BATCH_FAILURE');
      expect(full.recordErrors).to.deep.equal(thrown);
      expect(full.recordErrors[0]).to.equal(thrown[0]);
      expect(full.response).to.deep.equal(failuresOf('m-1', 'm-2'));
    });

    it('throws for a stream source too (Kinesis)', async () => {
      // Prepare
      class Clicks {
        @RecordHandler(EventType.KinesisDataStreams, { dto: false })
        track() {
          throw new Error('down');
        }
        @BatchHandler({ logger: silentLogger })
        async handler(event: KinesisStreamEvent, context: Context) {}
      }
      const event = kinesisEvent([{ page: '/a' }, { page: '/b' }]);

      // Act
      const error = await rejectionOf(() => new Clicks().handler(event, lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      expect((error as FullBatchFailureError).response).to.deep.equal(
        failuresOf(...event.Records.map((record) => record.kinesis.sequenceNumber)),
      );
    });

    it('returns every identifier instead when throwOnFullBatchFailure is false', async () => {
      // Prepare
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {
          throw new Error('down');
        }
        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = { Records: [sqsRecord({ n: 1 }, { messageId: 'm-1' }), sqsRecord({ n: 2 }, { messageId: 'm-2' })] };

      // Act
      const response = await new Orders().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal(failuresOf('m-1', 'm-2'));
    });
  });
});
