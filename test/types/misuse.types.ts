// Type-level tests: `npm test` type-checks this file (tsc -p tsconfig.json); each @ts-expect-error must stay an error.
import type { KinesisStreamRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchHandler, BatchProcessor, EventType, type RecordContext, RecordHandler } from 'batchkit';

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
