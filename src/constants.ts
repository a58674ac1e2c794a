/**
 * The event sources batchkit understands.
 *
 * @example
 * ```ts
 * @RecordHandler(EventType.SQS)
 * async handle(order: OrderDto) {}
 * ```
 */
export const EventType = {
  SQS: 'SQS',
  KinesisDataStreams: 'KinesisDataStreams',
  DynamoDBStreams: 'DynamoDBStreams',
} as const;

/** One of the {@link EventType} values. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** The `eventSource` string Lambda puts on each record, per event type. */
export const EVENT_SOURCE_NAMES: Readonly<Record<EventType, string>> = {
  SQS: 'aws:sqs',
  KinesisDataStreams: 'aws:kinesis',
  DynamoDBStreams: 'aws:dynamodb',
};

/** Own metadata keys written by the decorators on the class constructor. */
export const RECORD_HANDLERS = Symbol('batchkit:recordHandlers');
/**
 * In the global symbol registry, so that another copy of batchkit can find a class's `@BatchHandler` methods: the
 * CLI (a bundle of its own) instantiates an exported class and calls its entry method.
 */
export const BATCH_HANDLERS: unique symbol = Symbol.for('batchkit:batchHandlers') as never;
