import { EventType } from '../constants.js';
import { BatchProcessor, type SqsBatchProcessorOptions } from './BatchProcessor.js';
import type { LegacyRequest } from './sqsExtensions.js';

/** Options of {@link PartialSqsProcessor}. */
export interface PartialSqsProcessorOptions extends SqsBatchProcessorOptions {
  /** Do not throw when records failed: warn and return the partial batch response instead (default false). */
  suppressException?: boolean;
}

/**
 * Legacy mode, for SQS event source mappings without `ReportBatchItemFailures`: when some records fail, the
 * successful messages are deleted with `DeleteMessageBatch` and the invocation throws `SqsBatchProcessingError`, so
 * that Lambda returns only the failed ones to the queue. When every record succeeds nothing is deleted (Lambda does
 * it). Needs `sqs:GetQueueUrl` and `sqs:DeleteMessageBatch`; `@aws-sdk/client-sqs` is loaded on first use.
 * `throwOnFullBatchFailure` does not apply: in legacy mode throwing is the only way to return messages.
 *
 * @example
 * ```ts
 * const processor = new PartialSqsProcessor();
 * export const handler = (event: SQSEvent, context: Context) =>
 *   processPartialResponse(event, async (record: SQSRecord) => save(JSON.parse(record.body)), processor, { context });
 * ```
 */
export class PartialSqsProcessor extends BatchProcessor {
  constructor(options: PartialSqsProcessorOptions = {}) {
    super(EventType.SQS, options);
  }

  protected override acceptedOptions(): readonly string[] {
    return [...super.acceptedOptions(), 'suppressException'];
  }

  protected override legacyMode(options: PartialSqsProcessorOptions): LegacyRequest {
    return { suppressException: options.suppressException === true };
  }
}
