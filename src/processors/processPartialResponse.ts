import { isThenable } from '../engine/thenable.js';
import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import type { PartialBatchResponse, ProcessOptions } from '../types.js';
import type { BasePartialProcessor } from './BasePartialProcessor.js';
import { assertBatchEvent } from './batchEvent.js';
import { silence } from './invocation.js';
import type { ProceduralHandler } from './processorOptions.js';

/**
 * Runs every record of the event through `recordHandler` and returns the partial batch response.
 * Each call runs in its own run, so one processor may serve overlapping invocations.
 *
 * @example SQS
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS);
 * export const handler = (event: SQSEvent, context: Context) =>
 *   processPartialResponse(event, async (record: SQSRecord) => save(record.body), processor, { context });
 * ```
 * @example Kinesis, four partition keys at a time
 * ```ts
 * const processor = new BatchProcessor(EventType.KinesisDataStreams, { dto: ClickDto, concurrency: 4 });
 * export const handler = (event: KinesisStreamEvent, context: Context) =>
 *   processPartialResponse(event, (click: ClickDto) => track(click), processor, { context });
 * ```
 * @example DynamoDB Streams
 * ```ts
 * const processor = new BatchProcessor(EventType.DynamoDBStreams, { dto: UserDto });
 * export const handler = (event: DynamoDBStreamEvent, context: Context) =>
 *   processPartialResponse(event, (user: UserDto) => index(user), processor, { context });
 * ```
 */
export async function processPartialResponse(
  event: unknown,
  recordHandler: ProceduralHandler,
  processor: BasePartialProcessor,
  options: ProcessOptions = {},
): Promise<PartialBatchResponse> {
  assertBatchEvent(event);
  const invoker = await processor.invokerFor(recordHandler);
  const result = await processor.executeForResponse(event.Records, invoker, options);
  processor.conclude(result, options);
  return result.response;
}

/**
 * The synchronous twin of {@link processPartialResponse}, for `BatchProcessorSync`.
 *
 * @example Kinesis
 * ```ts
 * const processor = new BatchProcessorSync(EventType.KinesisDataStreams);
 * export const handler = (event: KinesisStreamEvent) => processPartialResponseSync(event, (record) => count(record), processor);
 * ```
 * @example SQS with a DTO
 * ```ts
 * const processor = new BatchProcessorSync(EventType.SQS, { dto: OrderDto });
 * export const handler = (event: SQSEvent) => processPartialResponseSync(event, (order: OrderDto) => tally(order), processor);
 * ```
 * @example DynamoDB Streams
 * ```ts
 * const processor = new BatchProcessorSync(EventType.DynamoDBStreams);
 * export const handler = (event: DynamoDBStreamEvent) => processPartialResponseSync(event, (record) => audit(record), processor);
 * ```
 */
export function processPartialResponseSync(
  event: unknown,
  recordHandler: ProceduralHandler,
  processor: BasePartialProcessor,
  options: ProcessOptions = {},
): PartialBatchResponse {
  assertBatchEvent(event);
  const invoker = processor.invokerFor(recordHandler);
  if (isThenable(invoker)) {
    silence(invoker);
    throw new AsyncHandlerError(
      'processPartialResponseSync needs a synchronous processor: use BatchProcessorSync, or processPartialResponse.',
    );
  }
  const result = processor.executeForResponseSync(event.Records, invoker, options);
  processor.conclude(result, options);
  return result.response;
}
