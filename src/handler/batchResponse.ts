import { AsyncLocalStorage } from 'node:async_hooks';
import { DecoratorUsageError } from '../errors/DecoratorUsageError.js';
import type { PartialBatchResponse } from '../types.js';

/** The response of the invocation whose `@BatchHandler` method is running (created on first use). */
let current: AsyncLocalStorage<() => PartialBatchResponse> | undefined;

/** Runs a `@BatchHandler` method with its invocation's response in reach of `batchResponse()`. */
export function withResponse<T>(response: () => PartialBatchResponse, body: () => T): T {
  current ??= new AsyncLocalStorage<() => PartialBatchResponse>();
  return current.run(response, body);
}

/**
 * The partial batch response of the invocation in progress, for the `return` of a `@BatchHandler` method. Declaring
 * the method as returning the response type of its source (`Promise<SQSBatchResponse>`, `KinesisStreamBatchResponse`,
 * `DynamoDBBatchResponse`) types both the exported Lambda handler and calls of the method in tests. Each invocation
 * gets its own response (a fresh object on every call, built from the run), also when invocations overlap. Throws `DecoratorUsageError` anywhere but in such a method.
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
  const response = current?.getStore();
  if (response === undefined) {
    throw new DecoratorUsageError(
      'batchResponse() was called outside a @BatchHandler method: call it in the method decorated with @BatchHandler(), whose body runs after the records.',
    );
  }
  return response();
}
