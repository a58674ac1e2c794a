// Record builders for the tests: queues, batches of numbered records for each source, and how to read them back.
// No shared state: every call returns fresh records.
import type { DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';

/** An SQS FIFO queue (its name ends in `.fifo`). */
export const FIFO_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders.fifo';
/** An SQS standard queue. */
export const STANDARD_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders';

/** Standard SQS records whose messageIds are `m0`, `m1`, ... */
export function standardRecords(count: number): SQSRecord[] {
  return Array.from({ length: count }, (_, i) => sqsRecord({ n: i }, { messageId: `m${i}`, eventSourceARN: STANDARD_ARN }));
}

/** SQS FIFO records, one per group name, whose messageIds are `m0`, `m1`, ... */
export function fifoRecords(groups: readonly string[]): SQSRecord[] {
  return groups.map((group, i) =>
    sqsRecord({ n: i }, { messageId: `m${i}`, eventSourceARN: FIFO_ARN, attributes: { MessageGroupId: group } }),
  );
}

/** Kinesis records, one per partition key; each payload is `{ n: index }`. */
export function kinesisRecords(partitionKeys: readonly string[]): KinesisStreamRecord[] {
  const records = kinesisEvent(partitionKeys.map((_, n) => ({ n }))).Records;
  return records.map((record, i) => ({ ...record, kinesis: { ...record.kinesis, partitionKey: partitionKeys[i] as string } }));
}

/** DynamoDB Streams MODIFY records, one per item-keys object. */
export function dynamodbRecords(keys: readonly Record<string, unknown>[]): DynamoDBRecord[] {
  return dynamodbStreamEvent(keys.map((k, n) => ({ eventName: 'MODIFY', keys: k, newImage: { ...k, n } }))).Records;
}

/** The item identifier Lambda expects for a record of any source. */
export function idOf(record: SQSRecord | KinesisStreamRecord | DynamoDBRecord): string {
  if ('messageId' in record) return record.messageId;
  if ('kinesis' in record) return record.kinesis.sequenceNumber;
  return record.dynamodb?.SequenceNumber as string;
}

/** The position of a record in its batch (the `n` the builders above gave it). */
export function indexOf(record: SQSRecord | KinesisStreamRecord | DynamoDBRecord): number {
  if ('messageId' in record) return (JSON.parse(record.body) as { n: number }).n;
  if ('kinesis' in record) return (JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { n: number }).n;
  return Number(record.dynamodb?.NewImage?.n?.N);
}
