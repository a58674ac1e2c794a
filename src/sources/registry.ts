import type { EventType } from '../constants.js';
import type { BatchRecord } from '../types.js';
import { dynamodbSource } from './dynamodb.js';
import type { EventSource } from './EventSource.js';
import { kinesisSource } from './kinesis.js';
import { sqsSource } from './sqs.js';

const BY_TYPE: Readonly<Record<EventType, EventSource>> = {
  SQS: sqsSource as EventSource,
  KinesisDataStreams: kinesisSource as EventSource,
  DynamoDBStreams: dynamodbSource as EventSource,
};
const ALL = Object.values(BY_TYPE);

/** The source of an event type. */
export function sourceOfType(eventType: EventType): EventSource {
  return BY_TYPE[eventType];
}

/** The source a record says it comes from (its `eventSource`), if batchkit knows it. */
export function sourceOfRecord(record: BatchRecord): EventSource | undefined {
  const name = typeof record === 'object' && record !== null ? (record as { eventSource?: unknown }).eventSource : undefined;
  for (const source of ALL) if (source.sourceName === name) return source;
  return undefined;
}

/** The identifier of a record whose source is unknown: the first one any source can read from it. */
export function anyItemIdentifier(record: BatchRecord): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  for (const source of ALL) {
    const id = source.itemIdentifier(record);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** True when `value` is one of the EventType values. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(BY_TYPE, value);
}
