import type { Context } from 'aws-lambda';
import { BATCH_HANDLERS } from '../constants.js';
import { checkSchedulingOptions } from '../engine/settings.js';
import { DecoratorUsageError } from '../errors/DecoratorUsageError.js';
import { processorFor } from '../handler/processorFor.js';
import { runBatchHandler } from '../handler/runBatchHandler.js';
import { appendOwnMetadata } from '../metadata/store.js';
import { BATCH_HANDLER_KEYS, checkOptionKeys, checkOptionValues } from '../processors/optionKeys.js';
import type { BatchOutcome } from '../types.js';
import { legacyMethodName } from './guard.js';
import type { BatchHandlerOptions } from './options.js';

type EntryMethod = (event: never, context: Context, outcome?: BatchOutcome) => unknown;

/**
 * Marks the Lambda entry method. Calling it with `(event, context)` processes every record through the class's
 * `@RecordHandler` methods, runs `onSuccess`/`onFailure`, then calls the method with `(event, context, outcome)`.
 * It returns what the method returns, or `outcome.response` when that is `undefined`. Declare the method with its
 * source's response type and return {@link batchResponse}`()`, so that the exported handler and calls of it in
 * tests are typed. Reading the method from an instance gives a function bound to it, so it can be exported detached.
 *
 * A subclass that overrides the method without `@BatchHandler` gets a plain method (legacy decorators apply to one
 * declaration only): decorate the override too.
 *
 * @example SQS
 * ```ts
 * class OrderHandler {
 *   @RecordHandler(EventType.SQS) async handle(order: OrderDto) {}
 *   @BatchHandler() async handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
 *     return batchResponse();
 *   }
 * }
 * export const handler = new OrderHandler().handler; // (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>
 * ```
 * @example Kinesis
 * ```ts
 * @BatchHandler({ throwOnFullBatchFailure: false })
 * async handler(event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> {
 *   return batchResponse();
 * }
 * ```
 * @example DynamoDB Streams
 * ```ts
 * @BatchHandler({ logger: myLogger })
 * async handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
 *   return batchResponse();
 * }
 * ```
 */
export function BatchHandler(options: BatchHandlerOptions = {}) {
  checkOptionKeys(options, BATCH_HANDLER_KEYS, '@BatchHandler');
  checkOptionValues(options);
  checkSchedulingOptions(options);
  processorFor(options); // checks the SQS options now (and builds the processor the invocations will share)
  return <M extends EntryMethod>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): TypedPropertyDescriptor<M> => {
    const methodName = legacyMethodName('BatchHandler', target, key, descriptor);
    const method = descriptor.value as unknown as Parameters<typeof runBatchHandler>[1];
    appendOwnMetadata(target.constructor, BATCH_HANDLERS, { methodName });

    const entry = function (this: unknown, event: unknown, context?: Context): Promise<unknown> {
      if (typeof this !== 'object' || this === null) {
        return Promise.reject(
          new DecoratorUsageError(
            `${target.constructor.name}.${methodName} was called without an instance: export \`new ${target.constructor.name}().${methodName}\`.`,
          ),
        );
      }
      return runBatchHandler(this, method, options, event, context);
    };

    return {
      configurable: true,
      enumerable: descriptor.enumerable ?? false,
      get(this: object) {
        if (Object.hasOwn(this, 'constructor')) return entry as unknown as M; // read from a prototype
        const bound = entry.bind(this);
        // Cache it on the instance so each read gives the same function; a frozen instance just gets a fresh one.
        if (Object.isExtensible(this))
          Object.defineProperty(this, methodName, { value: bound, configurable: true, writable: true, enumerable: false });
        return bound as unknown as M;
      },
      set(this: object, value: M) {
        Object.defineProperty(this, methodName, { value, configurable: true, writable: true, enumerable: true });
      },
    };
  };
}
