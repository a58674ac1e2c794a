import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { RecordFailure } from '../../types.js';
import type { SqsMessageAttributeLike } from '../client/clientTypes.js';

/**
 * The message attribute batchkit adds to a dead-lettered copy: JSON describing the failure.
 *
 * @example
 * ```ts
 * const failure = JSON.parse(message.MessageAttributes?.[FAILURE_ATTRIBUTE]?.StringValue ?? '{}');
 * ```
 */
export const FAILURE_ATTRIBUTE = 'batchkit.failure';

/** SQS allows this many message attributes per message. */
const MAX_ATTRIBUTES = 10;
const MAX_MESSAGE_CHARS = 1024;

/** What the `batchkit.failure` attribute holds. */
export interface FailureNote {
  code: string;
  message: string;
  sourceQueueArn: string;
  messageId: string;
}

/** The copy of a poison message for `SendMessageBatch`, without its entry id. */
export interface DeadLetterCopy {
  MessageBody: string;
  MessageAttributes: Record<string, SqsMessageAttributeLike>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  /** False when the original already had ten attributes: the failure then goes only to the log. */
  annotated: boolean;
  /** Approximate bytes the entry adds to the request. */
  size: number;
}

/** The failure in a form fit for the attribute and the log: code, message (never the body), queue and message id. */
export function failureNote(failure: RecordFailure & { record: SQSRecord }): FailureNote {
  const { error, record } = failure;
  const code = (error as { code?: unknown }).code;
  return {
    code: typeof code === 'string' ? code : error.name,
    message: error.message.length > MAX_MESSAGE_CHARS ? `${error.message.slice(0, MAX_MESSAGE_CHARS)}…` : error.message,
    sourceQueueArn: record.eventSourceARN,
    messageId: record.messageId,
  };
}

/**
 * The DLQ copy: the original body and message attributes plus `batchkit.failure` (when there is room for it); a FIFO
 * DLQ also gets the original message group and a deduplication id derived from the message id.
 */
export function deadLetterCopy(failure: RecordFailure & { record: SQSRecord }, fifoDlq: boolean): DeadLetterCopy {
  const { record } = failure;
  const attributes = sdkAttributes(record.messageAttributes);
  const annotated = Object.keys(attributes).length < MAX_ATTRIBUTES;
  if (annotated) attributes[FAILURE_ATTRIBUTE] = { DataType: 'String', StringValue: JSON.stringify(failureNote(failure)) };
  const copy: DeadLetterCopy = { MessageBody: record.body, MessageAttributes: attributes, annotated, size: 0 };
  if (fifoDlq) {
    copy.MessageGroupId = record.attributes?.MessageGroupId || record.messageId;
    copy.MessageDeduplicationId = createHash('sha256').update(`batchkit-dlq:${record.messageId}`).digest('hex');
  }
  copy.size = sizeOf(copy);
  return copy;
}

/** Lambda's message attributes (camelCase, base64 binaries) as the SDK sends them; an earlier failure note is dropped. */
function sdkAttributes(attributes: SQSRecord['messageAttributes'] | undefined): Record<string, SqsMessageAttributeLike> {
  const result: Record<string, SqsMessageAttributeLike> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (name === FAILURE_ATTRIBUTE || value === undefined || value === null) continue;
    const converted: SqsMessageAttributeLike = { DataType: value.dataType };
    if (value.stringValue !== undefined && value.stringValue !== null) converted.StringValue = value.stringValue;
    if (value.binaryValue !== undefined && value.binaryValue !== null)
      converted.BinaryValue = Buffer.from(value.binaryValue, 'base64');
    result[name] = converted;
  }
  return result;
}

function sizeOf(copy: DeadLetterCopy): number {
  let bytes = Buffer.byteLength(copy.MessageBody ?? '');
  for (const [name, value] of Object.entries(copy.MessageAttributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
    bytes += value.StringValue === undefined ? (value.BinaryValue?.byteLength ?? 0) : Buffer.byteLength(value.StringValue);
  }
  return bytes;
}
