import { EventType } from '../constants.js';
import type { FifoMode } from '../types.js';
import { BatchProcessor, type SqsBatchProcessorOptions } from './BatchProcessor.js';

/**
 * SQS FIFO rules, always on: the records of a message group run one after another in input order (different groups
 * may overlap with `concurrency` > 1); after a failure the rest of the batch is skipped (`SqsFifoShortCircuitError`),
 * or with `skipGroupOnError` only the rest of that message group (`SqsFifoMessageGroupShortCircuitError`).
 *
 * @example
 * ```ts
 * const processor = new SqsFifoPartialProcessor();
 * export const handler = (event: SQSEvent) => processPartialResponse(event, handle, processor, { skipGroupOnError: true });
 * ```
 */
export class SqsFifoPartialProcessor extends BatchProcessor {
  protected override defaultFifo: FifoMode = true;

  constructor(options: SqsBatchProcessorOptions = {}) {
    super(EventType.SQS, options);
  }
}
