// Type-level tests: `npm test` type-checks this file (tsc -p tsconfig.json); each @ts-expect-error must stay an error.
import type { KinesisStreamRecord, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchHandler, BatchProcessor, batchResponse, EventType, type RecordContext, RecordHandler } from 'batchkit';

class OrderDto {
  id!: string;
}

export class WrongRecordType {
  // @ts-expect-error an SQS record handler cannot take a Kinesis record as its second parameter
  @RecordHandler(EventType.SQS)
  handle(order: OrderDto, record: KinesisStreamRecord) {
    return [order, record];
  }
}

export class RightRecordType {
  @RecordHandler(EventType.SQS)
  handle(order: OrderDto, record: SQSRecord, context: RecordContext) {
    return [order, record, context];
  }

  @RecordHandler(EventType.KinesisDataStreams, { dto: () => OrderDto, match: (record) => record.kinesis.partitionKey === 'a' })
  track(order: OrderDto, record: KinesisStreamRecord) {
    return [order, record];
  }

  @BatchHandler({ concurrency: 8 })
  async handler(_event: SQSEvent) {}
}

export class BadConcurrency {
  // @ts-expect-error concurrency is a number, not a string
  @BatchHandler({ concurrency: '8' })
  async handler(_event: SQSEvent) {}
}

export class NonClassDto {
  // @ts-expect-error dto must be a class, a thunk returning one, or false
  @RecordHandler(EventType.SQS, { dto: 42 })
  handle(order: OrderDto) {
    return order;
  }
}

export class WrongMatchRecord {
  // @ts-expect-error match gets the source's record type: an SQS record has no kinesis field
  @RecordHandler(EventType.SQS, { match: (record) => record.kinesis.partitionKey === 'a' })
  handle(order: OrderDto) {
    return order;
  }
}

// @ts-expect-error dto must be a class, not an instance
export const badProcessor = new BatchProcessor(EventType.SQS, { dto: new OrderDto() });

// @ts-expect-error the event type must be one of EventType
export const badType = new BatchProcessor('SNS');

// @ts-expect-error processor concurrency is a number
export const badProcessorConcurrency = new BatchProcessor(EventType.SQS, { concurrency: '8' });

export class NotAnSqsClient {
  // @ts-expect-error an SQS client needs a send method (an SQSClient of @aws-sdk/client-sqs has one)
  @BatchHandler({ poisonMessages: 'dlq', sqsClient: {} })
  async handler(_event: SQSEvent) {}
}

// @ts-expect-error the client config is an object, not a region string
export const configAsString = new BatchProcessor(EventType.SQS, {
  retryBackoff: { baseSeconds: 1, maxSeconds: 2 },
  clientConfig: 'eu-west-1',
});

export class TypedEntry {
  @RecordHandler(EventType.SQS, { dto: false })
  handle(record: SQSRecord) {
    return record.messageId;
  }

  @BatchHandler()
  async handler(_event: SQSEvent): Promise<SQSBatchResponse> {
    return batchResponse();
  }
}

// @ts-expect-error the typed entry returns a promise of the response: its failures are not a string
export const failuresAreNotAString: Promise<string> = new TypedEntry().handler({ Records: [] }).then((r) => r.batchItemFailures);
