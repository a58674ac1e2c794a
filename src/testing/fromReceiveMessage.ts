import type { SQSEvent, SQSMessageAttribute, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import type { SqsMessageAttributeLike, SqsMessageLike } from '../sqs/client/clientTypes.js';

/** Options of {@link fromReceiveMessage} and {@link sqsRecordFromMessage}. */
export interface FromReceiveMessageOptions {
  /** The queue's ARN (`GetQueueAttributes` with `QueueArn`); it becomes `eventSourceARN`, and gives `awsRegion`. */
  queueArn: string;
}

/**
 * The Lambda event for messages received with `ReceiveMessage`, as an SQS event source mapping would deliver them.
 * Receive with `MessageSystemAttributeNames: ['All']` and `MessageAttributeNames: ['All']`: Lambda's records carry
 * every system and message attribute, and a message without them throws `InvalidOptionError`.
 *
 * @example
 * ```ts
 * const received = await sqs.send(new ReceiveMessageCommand({
 *   QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'],
 * }));
 * const response = await handler(fromReceiveMessage(received, { queueArn }), lambdaContext());
 * ```
 */
export function fromReceiveMessage(
  output: { Messages?: readonly SqsMessageLike[] | undefined } | readonly SqsMessageLike[],
  options: FromReceiveMessageOptions,
): SQSEvent {
  const messages: readonly SqsMessageLike[] = Array.isArray(output)
    ? output
    : ((output as { Messages?: readonly SqsMessageLike[] }).Messages ?? []);
  return { Records: messages.map((message) => sqsRecordFromMessage(message, options)) };
}

/**
 * One Lambda-shaped `SQSRecord` from one received message (see {@link fromReceiveMessage}).
 *
 * @example
 * ```ts
 * const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
 * const record = sqsRecordFromMessage(Messages[0]!, { queueArn });
 * ```
 */
export function sqsRecordFromMessage(message: SqsMessageLike, { queueArn }: FromReceiveMessageOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  if (attributes.ApproximateReceiveCount === undefined) {
    throw new InvalidOptionError(
      'MessageSystemAttributeNames',
      "['All'] on the ReceiveMessage call",
      'a message without ApproximateReceiveCount',
    );
  }
  if (message.MD5OfMessageAttributes !== undefined && message.MessageAttributes === undefined) {
    throw new InvalidOptionError(
      'MessageAttributeNames',
      "['All'] on the ReceiveMessage call",
      'a message whose attributes were not received',
    );
  }
  return {
    messageId: required(message.MessageId, 'MessageId'),
    receiptHandle: required(message.ReceiptHandle, 'ReceiptHandle'),
    body: message.Body ?? '',
    attributes: { ...attributes } as unknown as SQSRecord['attributes'],
    messageAttributes: lambdaAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? '',
  };
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new InvalidOptionError(name, 'present on every received message', value);
  return value;
}

/** SDK message attributes (PascalCase, bytes) as Lambda delivers them (camelCase, base64, empty list fields). */
function lambdaAttributes(attributes: Record<string, SqsMessageAttributeLike> | undefined): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const converted: SQSMessageAttribute = {
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType as SQSMessageAttribute['dataType'],
    };
    if (value.StringValue !== undefined) converted.stringValue = value.StringValue;
    if (value.BinaryValue !== undefined) converted.binaryValue = Buffer.from(value.BinaryValue).toString('base64');
    result[name] = converted;
  }
  return result;
}
