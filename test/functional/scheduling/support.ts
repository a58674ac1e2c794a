// Helpers for the scheduling tests (concurrency, ordering groups, onError, time budget). No shared state: every call
// returns fresh objects.
import type { DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';

export const FIFO_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders.fifo';
export const STANDARD_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders';

/** Waits `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with what the promise rejected with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the promise to reject');
}

/** Returns what the function threw; fails the test when it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the function to throw');
}

/** Counts records in flight and keeps a log of `start <id>` / `end <id>` lines in the order they happened. */
export interface FlightTracker {
  readonly log: string[];
  readonly max: number;
  readonly running: number;
  enter(id: string): void;
  leave(id: string): void;
}

export function flightTracker(): FlightTracker {
  const log: string[] = [];
  let running = 0;
  let max = 0;
  return {
    log,
    get max() {
      return max;
    },
    get running() {
      return running;
    },
    enter(id) {
      running++;
      max = Math.max(max, running);
      log.push(`start ${id}`);
    },
    leave(id) {
      running--;
      log.push(`end ${id}`);
    },
  };
}

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

/** The position of a record in its batch (the `n` its test helper gave it). */
export function indexOf(record: SQSRecord | KinesisStreamRecord | DynamoDBRecord): number {
  if ('messageId' in record) return (JSON.parse(record.body) as { n: number }).n;
  if ('kinesis' in record) return (JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { n: number }).n;
  return Number(record.dynamodb?.NewImage?.n?.N);
}

/** The partial batch response naming these identifiers, in this order. */
export function failuresOf(identifiers: readonly string[]): { batchItemFailures: { itemIdentifier: string }[] } {
  return { batchItemFailures: identifiers.map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Collects `unhandledRejection` events from now until `stop()`. */
export function watchUnhandledRejections(): { readonly reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', listener);
  return {
    reasons,
    stop: () => {
      process.off('unhandledRejection', listener);
    },
  };
}

/** Lets pending promise callbacks and `unhandledRejection` events run. */
export async function settleEventLoop(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
