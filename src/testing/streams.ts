import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord, DynamoDBStreamEvent, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { marshallItem } from './marshall.js';

const KINESIS_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/batchkit-stream';
const DYNAMODB_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/batchkit-table/stream/2026-01-01T00:00:00.000';
const KINESIS_BASE = 49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n;
const DYNAMODB_BASE = 111_000_000_000_000_000_000n;

/** Records made so far, per stream: sequence numbers keep increasing across calls, so two events never share one. */
let kinesisSequence = 0n;
let dynamodbSequence = 0n;

/** Options of {@link kinesisEvent}. */
export interface KinesisEventOptions {
  /** The partition key of every record (default: one per record). */
  partitionKey?: string;
}

/**
 * A Kinesis event: each payload JSON-encoded (strings as they are) and base64'd, with 56-digit sequence numbers
 * that keep increasing from one call to the next (two events never share one) and matching event ids.
 *
 * @example
 * ```ts
 * const event = kinesisEvent([{ page: '/home' }, { page: '/cart' }], { partitionKey: 'user-1' });
 * ```
 */
export function kinesisEvent(payloads: readonly unknown[], options: KinesisEventOptions = {}): KinesisStreamEvent {
  const now = Date.now() / 1000;
  return {
    Records: payloads.map((payload, i): KinesisStreamRecord => {
      const sequenceNumber = String(KINESIS_BASE + kinesisSequence++);
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: options.partitionKey ?? `key-${i}`,
          sequenceNumber,
          data: Buffer.from(text, 'utf8').toString('base64'),
          approximateArrivalTimestamp: now,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/batchkit-role',
        awsRegion: 'us-east-1',
        eventSourceARN: KINESIS_ARN,
      };
    }),
  };
}

/** One change for {@link dynamodbStreamEvent}, with plain (unmarshalled) values. */
export interface DynamoDBChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: Record<string, unknown>;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

/**
 * A DynamoDB Streams event from plain changes, marshalled to AttributeValues; the stream view type follows the
 * images present; sequence numbers keep increasing from one call to the next (two events never share one).
 *
 * @example
 * ```ts
 * const event = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'u#1' }, newImage: { pk: 'u#1', email: 'a@b.c' } }]);
 * ```
 */
export function dynamodbStreamEvent(changes: readonly DynamoDBChange[]): DynamoDBStreamEvent {
  return {
    Records: changes.map((change): DynamoDBRecord => {
      const view =
        change.newImage && change.oldImage
          ? 'NEW_AND_OLD_IMAGES'
          : change.newImage
            ? 'NEW_IMAGE'
            : change.oldImage
              ? 'OLD_IMAGE'
              : 'KEYS_ONLY';
      return {
        eventID: randomUUID().replace(/-/g, ''),
        eventName: change.eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: marshallItem(change.keys),
          ...(change.newImage ? { NewImage: marshallItem(change.newImage) } : {}),
          ...(change.oldImage ? { OldImage: marshallItem(change.oldImage) } : {}),
          SequenceNumber: String(DYNAMODB_BASE + dynamodbSequence++),
          SizeBytes: 64,
          StreamViewType: view,
        },
        eventSourceARN: DYNAMODB_ARN,
      };
    }),
  };
}
