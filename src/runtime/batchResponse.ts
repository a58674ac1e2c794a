import { AsyncLocalStorage } from 'node:async_hooks';
import { DecoratorUsageError } from '../errors/DecoratorUsageError.js';
import type { BatchOutcome, PartialBatchResponse } from '../types.js';

/** The outcome of the invocation whose `@BatchHandler` method is running (created on first use). */
let current: AsyncLocalStorage<BatchOutcome> | undefined;

/** Runs a `@BatchHandler` method with its invocation's outcome in reach of `batchResponse()`. */
export function withOutcome<T>(outcome: BatchOutcome, body: () => T): T {
  current ??= new AsyncLocalStorage<BatchOutcome>();
  return current.run(outcome, body);
}

/**
 * The partial batch response of the invocation in progress, for the `return` of a `@BatchHandler` method. Declaring
 * the method as returning the response type of its source (`Promise<SQSBatchResponse>`, `KinesisStreamBatchResponse`,
 * `DynamoDBBatchResponse`) types both the exported Lambda handler and calls of the method in tests. Each invocation
 * gets its own response, also when invocations overlap. Throws `DecoratorUsageError` anywhere but in such a method.
 *
 * @example SQS
 * ```ts
 * class OrderHandler {
 *   @RecordHandler(EventType.SQS) async save(order: OrderDto) {}
 *   @BatchHandler() async handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
 *     return batchResponse();
 *   }
 * }
 * export const handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> = new OrderHandler().handler;
 * ```
 * @example Kinesis
 * ```ts
 * @BatchHandler() async handler(event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> {
 *   return batchResponse();
 * }
 * ```
 * @example DynamoDB Streams
 * ```ts
 * @BatchHandler() async handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
 *   return batchResponse();
 * }
 * ```
 */
export function batchResponse(): PartialBatchResponse {
  const outcome = current?.getStore();
  if (outcome === undefined) {
    throw new DecoratorUsageError(
      'batchResponse() was called outside a @BatchHandler method: call it in the method decorated with @BatchHandler(), whose body runs after the records.',
    );
  }
  return outcome.response;
}
