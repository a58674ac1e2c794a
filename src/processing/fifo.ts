import { sourceOfRecord } from '../sources/registry.js';
import { isFifoRecord } from '../sources/sqs.js';
import type { BatchRecord, FifoMode } from '../types.js';

/**
 * Whether a batch follows FIFO rules: forced by the option, or detected from the queue ARN of its first SQS record
 * (an event source mapping reads one queue, so every record of a batch comes from the same one).
 */
export function isFifoBatch(records: readonly BatchRecord[], mode: FifoMode): boolean {
  if (mode !== 'auto') return mode;
  const first = records.find((record) => sourceOfRecord(record)?.eventType === 'SQS');
  return first !== undefined && isFifoRecord(first as never);
}
