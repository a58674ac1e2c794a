import type { SQSEvent } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  EventType,
  processPartialResponse,
  type RecordContext,
  RecordHandler,
  RecordParseError,
  RecordValidationError,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsIn, IsString } from 'class-validator';

/** An SNS notification as SNS delivers it to an SQS subscription (raw delivery off). */
function snsNotification(message: unknown, attributes: Record<string, { Type: string; Value: string }> = {}) {
  return {
    Type: 'Notification',
    MessageId: 'b1f2c3d4-0000-4000-8000-000000000001',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders',
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2026-11-24T08:00:00.000Z',
    MessageAttributes: attributes,
  };
}

/** An EventBridge event as a rule delivers it to an SQS target. */
function eventBridgeEvent(detail: unknown) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'OrderPlaced',
    source: 'shop.orders',
    account: '123456789012',
    time: '2026-11-24T08:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

describe('envelopes: SNS -> SQS and EventBridge -> SQS', () => {
  class OrderPlaced {
    @IsString() orderId!: string;
    @IsIn(['new', 'paid']) status!: string;
  }

  it('builds the DTO from the SNS Message and keeps the notification and its MessageAttributes on ctx', async () => {
    // Prepare
    const seen: { order: OrderPlaced; envelope: unknown }[] = [];
    class Handler {
      @RecordHandler(EventType.SQS, { envelope: 'sns' })
      handle(order: OrderPlaced, _record: unknown, ctx: RecordContext) {
        seen.push({ order, envelope: ctx.envelope });
      }
      @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
      async handler(_event: SQSEvent) {}
    }
    const event = sqsEvent([
      snsNotification({ orderId: 'o-1', status: 'new' }, { tenant: { Type: 'String', Value: 'acme' } }),
      snsNotification({ orderId: 'o-2', status: 'lost' }),
      snsNotification('not json'),
      { orderId: 'o-4', status: 'new' },
    ]);

    // Act
    const result = await new Handler().handler(event);

    // Assess
    expect(result).to.deep.equal({
      batchItemFailures: [
        { itemIdentifier: event.Records[1]?.messageId },
        { itemIdentifier: event.Records[2]?.messageId },
        { itemIdentifier: event.Records[3]?.messageId },
      ],
    });
    expect(seen).to.have.length(1);
    expect(seen[0]?.order).to.be.instanceOf(OrderPlaced);
    expect(seen[0]?.order.orderId).to.equal('o-1');
    expect((seen[0]?.envelope as { MessageAttributes?: unknown } | undefined)?.MessageAttributes).to.deep.equal({
      tenant: { Type: 'String', Value: 'acme' },
    });
  });

  it('fails a body that is not the named envelope with RecordParseError, and an invalid message with RecordValidationError', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { dto: OrderPlaced, envelope: 'eventbridge', logger: silentLogger });
    const details: string[] = [];
    const event = sqsEvent([
      eventBridgeEvent({ orderId: 'o-1', status: 'paid' }),
      eventBridgeEvent({ orderId: 'o-2', status: 'refunded' }),
      snsNotification({ orderId: 'o-3', status: 'new' }),
      eventBridgeEvent('a string detail'),
    ]);

    // Act
    const response = await processPartialResponse(event, (order: OrderPlaced) => details.push(order.orderId), processor);

    // Assess
    expect(details).to.deep.equal(['o-1']);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(event.Records.slice(1).map((r) => r.messageId));
    expect(processor.errors.map((e) => e.constructor)).to.deep.equal([RecordValidationError, RecordParseError, RecordParseError]);
  });
});
