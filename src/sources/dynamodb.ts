import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { EventType } from '../constants.js';
import { RecordParseError } from '../errors/RecordParseError.js';
import { type EventSource, nonEmptyString } from './EventSource.js';
import { requirePlainObject } from './json.js';
import { type NativeValue, unmarshallItem } from './unmarshall.js';

/**
 * DynamoDB Streams: identifier `dynamodb.SequenceNumber`, payload NewImage, else OldImage, else Keys (unmarshalled,
 * M, L and sets counted as levels against `maxDepth`); ordering by Keys.
 */
export const dynamodbSource: EventSource<DynamoDBRecord> = {
  eventType: EventType.DynamoDBStreams,
  sourceName: 'aws:dynamodb',
  itemIdentifier: (record) => nonEmptyString(record.dynamodb?.SequenceNumber),
  payload: (record, limits) => {
    const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage ?? record.dynamodb?.Keys;
    if (image === undefined) throw new RecordParseError('DynamoDB record has no NewImage, OldImage or Keys.');
    const item = requirePlainObject(image, 'DynamoDB image', false) as Record<string, AttributeValue>;
    return requirePlainObject(unmarshallItem(item, limits), 'DynamoDB image');
  },
  orderingKey: (record) => {
    const keys = record.dynamodb?.Keys;
    return keys === undefined ? undefined : canonicalKey(keys);
  },
  describe() {},
};

/** A stable serialisation of an item's keys: sorted attribute names, so `{a,b}` and `{b,a}` agree. */
export function canonicalKey(keys: Record<string, AttributeValue>): string {
  return JSON.stringify(
    Object.keys(keys)
      .sort()
      .map((name) => [name, keys[name]]),
  );
}

export type { NativeValue };
