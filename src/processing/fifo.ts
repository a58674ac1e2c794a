import { isFifoRecord } from '../sources/sqs.js';
import type { BatchRecord, FifoMode } from '../types.js';

/** Whether a batch follows FIFO rules: forced by the option, or detected from SQS FIFO queue ARNs. */
export function isFifoBatch(records: readonly BatchRecord[], mode: FifoMode): boolean {
  if (mode !== 'auto') return mode;
  for (const record of records) {
    if ((record as { eventSource?: unknown }).eventSource === 'aws:sqs' && isFifoRecord(record as never)) return true;
  }
  return false;
}
