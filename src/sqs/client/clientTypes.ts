// What batchkit's public types say about SQS, written structurally: batchkit's types must compile for users who do
// not install the optional peer @aws-sdk/client-sqs (Kinesis or DynamoDB users), and the SDK's own classes and
// objects must still fit them without a cast.

/**
 * An SQS client: an `SQSClient` of `@aws-sdk/client-sqs` v3 (batchkit sends it the SDK's own commands).
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * const processor = new BatchProcessor(EventType.SQS, { poisonMessages: 'dlq', client: new SQSClient({}) });
 * ```
 */
export interface SqsClientLike {
  send(command: object, options?: object): Promise<unknown>;
}

/**
 * Settings for the `SQSClient`s batchkit creates: an `SQSClientConfig` of `@aws-sdk/client-sqs` (`region`,
 * `endpoint`, `credentials`, `maxAttempts`, ...), passed to `new SQSClient(...)` as it is.
 *
 * @example
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS, { retryBackoff: { baseSeconds: 5, maxSeconds: 300 }, clientConfig: { maxAttempts: 5 } });
 * ```
 */
export type SqsClientConfigLike = object;

/** A message attribute as `ReceiveMessage` returns it (the SDK's `MessageAttributeValue`). */
export interface SqsMessageAttributeLike {
  DataType: string | undefined;
  StringValue?: string | undefined;
  BinaryValue?: Uint8Array | undefined;
  StringListValues?: string[] | undefined;
  BinaryListValues?: Uint8Array[] | undefined;
}

/** A message as `ReceiveMessage` returns it (the SDK's `Message`). */
export interface SqsMessageLike {
  MessageId?: string | undefined;
  ReceiptHandle?: string | undefined;
  MD5OfBody?: string | undefined;
  Body?: string | undefined;
  Attributes?: Partial<Record<string, string>> | undefined;
  MD5OfMessageAttributes?: string | undefined;
  MessageAttributes?: Record<string, SqsMessageAttributeLike> | undefined;
}
