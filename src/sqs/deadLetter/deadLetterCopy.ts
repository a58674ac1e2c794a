import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { errorFields } from '../../logging/errorFields.js';
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

/**
 * The most SQS takes in one message (body plus attributes), and in all the messages of one `SendMessageBatch` call
 * together: 1 MiB (1,048,576 bytes) since SQS raised it from 256 KiB.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** What the `batchkit.failure` attribute holds. */
export interface FailureNote {
  code: string;
  message: string;
  sourceQueueArn: string;
  messageId: string;
}

/** Why a copy goes without `batchkit.failure`: the original has ten attributes, or the copy would be too large. */
export type NoteOmitted = 'attributeCount' | 'size';

/** The copy of a poison message for `SendMessageBatch`, without its entry id. */
export interface DeadLetterCopy {
  MessageBody: string;
  MessageAttributes: Record<string, SqsMessageAttributeLike>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  /** False when the copy goes without `batchkit.failure` (see `noteOmitted`): the failure then goes only to the log. */
  annotated: boolean;
  /** Why `batchkit.failure` was left out, when it was. */
  noteOmitted?: NoteOmitted;
  /** The copy's size as SQS counts it: body bytes plus each attribute's name, data type and value bytes. */
  size: number;
}

/** The failure in a form fit for the attribute and the log: code, message (never the body), queue and message id. */
export function failureNote(failure: RecordFailure & { record: SQSRecord }): FailureNote {
  const { record } = failure;
  const { errorName, errorMessage, errorCode } = errorFields(failure.error);
  return {
    code: typeof errorCode === 'string' ? errorCode : errorName,
    message: errorMessage.length > MAX_MESSAGE_CHARS ? `${errorMessage.slice(0, MAX_MESSAGE_CHARS)}…` : errorMessage,
    sourceQueueArn: record.eventSourceARN,
    messageId: record.messageId,
  };
}

/**
 * The DLQ copy: the original body and message attributes plus `batchkit.failure` when there is room for it (fewer
 * than ten attributes, and the copy with it within `maxBytes`); a FIFO DLQ also gets the original message group and
 * a deduplication id derived from the message id.
 */
export function deadLetterCopy(
  failure: RecordFailure & { record: SQSRecord },
  fifoDlq: boolean,
  maxBytes: number = MAX_MESSAGE_BYTES,
): DeadLetterCopy {
  const { record } = failure;
  const attributes = sdkAttributes(record.messageAttributes);
  const copy: DeadLetterCopy = { MessageBody: record.body, MessageAttributes: attributes, annotated: false, size: 0 };
  if (fifoDlq) {
    copy.MessageGroupId = record.attributes?.MessageGroupId || record.messageId;
    copy.MessageDeduplicationId = createHash('sha256').update(`batchkit-dlq:${record.messageId}`).digest('hex');
  }
  copy.size = messageSize(copy.MessageBody, attributes);
  const note: SqsMessageAttributeLike = { DataType: 'String', StringValue: JSON.stringify(failureNote(failure)) };
  const noteSize = attributeSize(FAILURE_ATTRIBUTE, note);
  if (Object.keys(attributes).length >= MAX_ATTRIBUTES) copy.noteOmitted = 'attributeCount';
  else if (copy.size + noteSize > maxBytes) copy.noteOmitted = 'size';
  else {
    attributes[FAILURE_ATTRIBUTE] = note;
    copy.annotated = true;
    copy.size += noteSize;
  }
  return copy;
}

/** The same copy without `batchkit.failure`, for a DLQ that refused it as too large. */
export function withoutNote(copy: DeadLetterCopy): DeadLetterCopy {
  const { [FAILURE_ATTRIBUTE]: note, ...attributes } = copy.MessageAttributes;
  const size = note === undefined ? copy.size : copy.size - attributeSize(FAILURE_ATTRIBUTE, note);
  return { ...copy, MessageAttributes: attributes, annotated: false, noteOmitted: 'size', size };
}

/** Bytes of a message as SQS counts them against its size limit: the body, plus every attribute. */
export function messageSize(body: string, attributes: Record<string, SqsMessageAttributeLike>): number {
  let bytes = Buffer.byteLength(body ?? '');
  for (const [name, value] of Object.entries(attributes)) bytes += attributeSize(name, value);
  return bytes;
}

/** An attribute's name, data type and value (a binary value counts its bytes). */
function attributeSize(name: string, value: SqsMessageAttributeLike): number {
  const bytes = Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
  if (value.StringValue !== undefined) return bytes + Buffer.byteLength(value.StringValue);
  return bytes + (value.BinaryValue?.byteLength ?? 0);
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
