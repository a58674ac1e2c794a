import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** Options of {@link sqsEvent}. */
export interface SqsEventOptions {
  /** Make a FIFO batch (queue name ending in `.fifo`, group and sequence attributes). */
  fifo?: boolean;
  /** FIFO: the MessageGroupId of every record (default `group-1`). */
  groupId?: string;
  /** The queue ARN (default `arn:aws:sqs:us-east-1:123456789012:batchkit-queue`, `.fifo` added for FIFO). */
  queueArn?: string;
}

/** Record fields to change; `attributes` are merged over the generated ones. */
export type SqsRecordOverrides = Omit<Partial<SQSRecord>, 'attributes'> & { attributes?: Partial<SQSRecord['attributes']> };

const DEFAULT_QUEUE = 'arn:aws:sqs:us-east-1:123456789012:batchkit-queue';
let sequence = 0;

/**
 * A realistic SQS record: UUID messageId, receipt handle, attributes, the real MD5 of the body,
 * and an `eventSourceARN` and `awsRegion` that agree. Objects are JSON-encoded.
 *
 * @example
 * ```ts
 * const record = sqsRecord({ id: 'o-1', qty: 2 }, { attributes: { ApproximateReceiveCount: '3' } });
 * ```
 */
export function sqsRecord(body: unknown, overrides: SqsRecordOverrides = {}): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const arn = overrides.eventSourceARN ?? DEFAULT_QUEUE;
  const fifo = arn.endsWith('.fifo');
  const messageId = overrides.messageId ?? randomUUID();
  const now = Date.now();
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(now),
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: String(now + 5),
    ...(fifo
      ? {
          MessageGroupId: 'group-1',
          SequenceNumber: String(18_849_496_460_467_696_128n + BigInt(++sequence)),
          MessageDeduplicationId: createHash('sha256').update(`${messageId}`).digest('hex'),
        }
      : {}),
    ...overrides.attributes,
  } as SQSRecord['attributes'];
  const { attributes: _ignored, ...rest } = overrides;
  return {
    messageId,
    receiptHandle: `AQEB${Buffer.from(`${messageId}:${now}`).toString('base64')}`,
    body: text,
    attributes,
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: arn.split(':')[3] ?? 'us-east-1',
    ...rest,
  };
}

/**
 * An SQS event with one record per body.
 *
 * @example
 * ```ts
 * const event = sqsEvent([{ id: 'a' }, { id: 'b' }], { fifo: true, groupId: 'customer-7' });
 * ```
 */
export function sqsEvent(bodies: readonly unknown[], options: SqsEventOptions = {}): SQSEvent {
  const base = options.queueArn ?? DEFAULT_QUEUE;
  const fifo = options.fifo ?? base.endsWith('.fifo');
  const queueArn = fifo && !base.endsWith('.fifo') ? `${base}.fifo` : base;
  const group = options.groupId ?? 'group-1';
  return {
    Records: bodies.map((body) =>
      sqsRecord(body, { eventSourceARN: queueArn, ...(fifo ? { attributes: { MessageGroupId: group } } : {}) }),
    ),
  };
}
