import { type EventType, RECORD_HANDLERS } from '../constants.js';
import { DecoratorUsageError } from '../errors/DecoratorUsageError.js';
import { appendOwnMetadata } from '../metadata/store.js';
import { checkOptionKeys, checkOptionValues, RECORD_HANDLER_KEYS } from '../processors/optionKeys.js';
import { isEventType } from '../sources/registry.js';
import type { RecordContext, RecordOf } from '../types.js';
import { legacyMethodName } from './guard.js';
import type { RecordHandlerOptions } from './options.js';

/** The shape a record handler method may have for event type `E`: `(payload, record, ctx)`. */
// biome-ignore lint/suspicious/noExplicitAny: the payload is a DTO or the raw record, chosen by the user
export type RecordHandlerMethod<E extends EventType> = (payload: any, record: RecordOf[E], context: RecordContext) => unknown;

/**
 * Marks the method that handles one record of `eventType`. Its first parameter's class (or `options.dto`) is the DTO
 * built from the record payload and validated before the method runs; an interface type gets the raw record.
 *
 * @example SQS
 * ```ts
 * @RecordHandler(EventType.SQS)
 * async handle(order: OrderDto, record: SQSRecord, ctx: RecordContext) {}
 * ```
 * @example Kinesis
 * ```ts
 * @RecordHandler(EventType.KinesisDataStreams, { dto: () => ClickDto })
 * track(click: ClickDto) {}
 * ```
 * @example DynamoDB Streams
 * ```ts
 * @RecordHandler(EventType.DynamoDBStreams, { match: (r) => r.eventName === 'INSERT' })
 * welcome(user: UserDto) {}
 * ```
 */
export function RecordHandler<E extends EventType>(eventType: E, options: RecordHandlerOptions<E> = {}) {
  if (!isEventType(eventType)) {
    throw new DecoratorUsageError(
      `@RecordHandler needs an EventType (SQS, KinesisDataStreams or DynamoDBStreams), got ${String(eventType)}.`,
    );
  }
  checkOptionKeys(options, RECORD_HANDLER_KEYS, '@RecordHandler');
  checkOptionValues(options);
  return <M extends RecordHandlerMethod<E>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const methodName = legacyMethodName('RecordHandler', target, key, descriptor);
    appendOwnMetadata(target.constructor, RECORD_HANDLERS, {
      methodName,
      eventType,
      options: options as RecordHandlerOptions,
      declaringPrototype: target,
      arity: (descriptor.value as M).length,
    });
  };
}
