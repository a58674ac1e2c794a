import type { KinesisStreamRecord } from 'aws-lambda';
import { EventType } from '../constants.js';
import { RecordParseError } from '../errors/RecordParseError.js';
import { BASE64, type EventSource, nonEmptyString } from './EventSource.js';
import { parseJsonObject } from './json.js';
import { maxDepthOf } from './limits.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Kinesis: identifier `kinesis.sequenceNumber`, payload the base64 UTF-8 JSON `kinesis.data`, ordering by `partitionKey`. */
export const kinesisSource: EventSource<KinesisStreamRecord> = {
  eventType: EventType.KinesisDataStreams,
  sourceName: 'aws:kinesis',
  itemIdentifier: (record) => nonEmptyString(record.kinesis?.sequenceNumber),
  payload: (record, limits) => parseJsonObject(decodeBase64Utf8(record.kinesis?.data), 'Kinesis data', maxDepthOf(limits)),
  orderingKey: (record) => nonEmptyString(record.kinesis?.partitionKey),
  describe() {},
};

/** Strictly decodes base64 to UTF-8 text; Node's own decoder skips invalid characters silently. */
export function decodeBase64Utf8(data: unknown): string {
  if (typeof data !== 'string' || !BASE64.test(data)) {
    throw new RecordParseError('Kinesis data is not valid base64.');
  }
  try {
    return utf8.decode(Buffer.from(data, 'base64'));
  } catch (error) {
    throw new RecordParseError('Kinesis data is not valid UTF-8.', { cause: error });
  }
}
