import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
import { BatchHandler, type BatchOutcome, EventType, RecordHandler, silentLogger } from '../../src/index.js';

describe('smoke', () => {
  it('runs a decorated handler', async () => {
    class OrderDto {
      @IsString() id!: string;
      @IsInt() @Min(1) qty!: number;
    }
    const seen: OrderDto[] = [];
    class H {
      @RecordHandler(EventType.SQS)
      async handle(order: OrderDto, record: SQSRecord) {
        seen.push(order);
        if (order.id === 'boom') throw new Error('x');
      }
      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, outcome?: BatchOutcome) {}
    }
    const rec = (id: string, body: string) => ({
      messageId: id,
      body,
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:1:q',
      attributes: {},
    });
    const handler = new H().handler;
    const res = await handler(
      {
        Records: [
          rec('1', '{"id":"a","qty":1}'),
          rec('2', '{"id":"boom","qty":1}'),
          rec('3', '{"id":"a","qty":0}'),
          rec('4', 'nope'),
        ],
      } as never,
      {} as Context,
    );
    expect(res).to.deep.equal({ batchItemFailures: [{ itemIdentifier: '2' }, { itemIdentifier: '3' }, { itemIdentifier: '4' }] });
    expect(seen[0]).to.be.instanceOf(OrderDto);
  });
});
