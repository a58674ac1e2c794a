import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import type { PartialBatchResponse, ProcessOptions } from '../types.js';
import type { BasePartialProcessor, ProceduralHandler } from './BasePartialProcessor.js';
import { assertBatchEvent } from './batchEvent.js';
import { isThenable } from './thenable.js';

/**
 * Runs every record of the event through `recordHandler` and returns the partial batch response.
 * Each call runs in its own run, so one processor may serve overlapping invocations.
 *
 * @example
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS);
 * export const handler = (event: SQSEvent, context: Context) =>
 *   processPartialResponse(event, async (record: SQSRecord) => save(record.body), processor, { context });
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
  const result = await processor.execute(event.Records, invoker, options);
  processor.conclude(result, options);
  return result.outcome.response;
}

/**
 * The synchronous twin of {@link processPartialResponse}, for `BatchProcessorSync`.
 *
 * @example
 * ```ts
 * const processor = new BatchProcessorSync(EventType.KinesisDataStreams);
 * export const handler = (event: KinesisStreamEvent) => processPartialResponseSync(event, (record) => count(record), processor);
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
    throw new AsyncHandlerError(
      'processPartialResponseSync needs a synchronous processor: use BatchProcessorSync, or processPartialResponse.',
    );
  }
  const result = processor.executeSync(event.Records, invoker, options);
  processor.conclude(result, options);
  return result.outcome.response;
}
