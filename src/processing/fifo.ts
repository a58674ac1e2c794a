import {
  type ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
} from '../errors/ShortCircuitError.js';
import { isFifoRecord } from '../sources/sqs.js';
import type { BatchRecord, FifoMode, RecordContext } from '../types.js';

/**
 * SQS FIFO rules for one run: after a failure every later record is skipped, or with `skipGroupOnError`
 * only later records of the failed record's message group.
 */
export class FifoGate {
  private stoppedBy: RecordContext | undefined;
  private readonly failedGroups = new Map<string, RecordContext>();

  constructor(private readonly skipGroupOnError: boolean) {}

  /** The error that skips this record, or `undefined` when it may run. */
  check(context: RecordContext): ShortCircuitError | undefined {
    if (this.skipGroupOnError && context.messageGroupId !== undefined) {
      const failed = this.failedGroups.get(context.messageGroupId);
      return failed === undefined
        ? undefined
        : new SqsFifoMessageGroupShortCircuitError(context.messageGroupId, failed.itemIdentifier);
    }
    return this.stoppedBy === undefined ? undefined : new SqsFifoShortCircuitError(this.stoppedBy.itemIdentifier);
  }

  /** Remembers a failure so that the records it governs are skipped. */
  fail(context: RecordContext): void {
    this.stoppedBy ??= context;
    if (context.messageGroupId !== undefined && !this.failedGroups.has(context.messageGroupId)) {
      this.failedGroups.set(context.messageGroupId, context);
    }
  }
}

/** Whether a batch follows FIFO rules: forced by the option, or detected from SQS FIFO queue ARNs. */
export function isFifoBatch(records: readonly BatchRecord[], mode: FifoMode): boolean {
  if (mode !== 'auto') return mode;
  for (const record of records) {
    if ((record as { eventSource?: unknown }).eventSource === 'aws:sqs' && isFifoRecord(record as never)) return true;
  }
  return false;
}
