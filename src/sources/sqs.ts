import type { SQSRecord } from 'aws-lambda';
import { EventType } from '../constants.js';
import { RecordParseError } from '../errors/RecordParseError.js';
import type { RecordContext } from '../types.js';
import { type EventSource, nonEmptyString } from './EventSource.js';
import { parseJsonObject } from './json.js';
import { maxDepthOf } from './limits.js';

/** SQS: identifier `messageId`, payload the JSON `body`, ordering by `MessageGroupId`. */
export const sqsSource: EventSource<SQSRecord> = {
  eventType: EventType.SQS,
  sourceName: 'aws:sqs',
  itemIdentifier: (record) => nonEmptyString(record.messageId),
  payload: (record, limits) => {
    if (typeof record.body !== 'string') throw new RecordParseError('SQS body is missing.');
    return parseJsonObject(record.body, 'SQS body', maxDepthOf(limits));
  },
  orderingKey: (record) => nonEmptyString(record.attributes?.MessageGroupId),
  describe(record: SQSRecord, context: RecordContext) {
    const attempt = Number(record.attributes?.ApproximateReceiveCount);
    if (Number.isInteger(attempt) && attempt > 0) context.attempt = attempt;
    const group = nonEmptyString(record.attributes?.MessageGroupId);
    if (group !== undefined) context.messageGroupId = group;
  },
};

/** True when the record comes from a FIFO queue (its ARN ends in `.fifo`). */
export function isFifoRecord(record: SQSRecord): boolean {
  return typeof record.eventSourceARN === 'string' && record.eventSourceARN.endsWith('.fifo');
}
