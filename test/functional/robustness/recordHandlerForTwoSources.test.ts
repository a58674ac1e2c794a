import type { SQSEvent } from 'aws-lambda';
import { BatchHandler, EventType, RecordHandler, silentLogger } from 'batchkit';
import { kinesisEvent, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';

describe('a method decorated with @RecordHandler for two sources', () => {
  it('handles the records of both sources', async () => {
    // Prepare
    const seen: string[] = [];
    class Fanout {
      @RecordHandler(EventType.SQS, { dto: false })
      @RecordHandler(EventType.KinesisDataStreams, { dto: false })
      handle(record: { eventSource: string }) {
        seen.push(record.eventSource);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(_event: SQSEvent) {}
    }
    const handler = new Fanout().handler;

    // Act
    const fromSqs = await handler(sqsEvent([{}]));
    const fromKinesis = await handler(kinesisEvent([{}]) as never);

    // Assess
    expect([fromSqs, fromKinesis]).to.deep.equal([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(seen).to.deep.equal(['aws:sqs', 'aws:kinesis']);
  });
});
