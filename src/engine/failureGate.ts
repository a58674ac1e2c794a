import type { ShortCircuitError } from '../errors/ShortCircuitError.js';
import { SqsFifoMessageGroupShortCircuitError } from '../errors/SqsFifoMessageGroupShortCircuitError.js';
import { SqsFifoShortCircuitError } from '../errors/SqsFifoShortCircuitError.js';
import { StreamShortCircuitError } from '../errors/StreamShortCircuitError.js';
import type { OnErrorPolicy, RecordContext } from '../types.js';

/** The part of a record context the gate reads. */
interface GatedContext extends RecordContext {
  orderingKey: string | undefined;
}

/**
 * Applies `onError` within one run: after a failure, `'stop'` skips every record not yet started and `'skip-group'`
 * skips the later records of the failed record's ordering group. Skipped records fail with a `ShortCircuitError`.
 */
export class FailureGate {
  private stoppedBy: RecordContext | undefined;
  private readonly failedGroups = new Map<string, RecordContext>();

  constructor(private readonly policy: Exclude<OnErrorPolicy, 'continue'>) {}

  /** The error that skips this record, or `undefined` when it may run. */
  check(context: GatedContext): ShortCircuitError | undefined {
    if (this.policy === 'stop') {
      return this.stoppedBy === undefined ? undefined : skipAll(context, this.stoppedBy);
    }
    const key = context.orderingKey;
    const failed = key === undefined ? undefined : this.failedGroups.get(key);
    return failed === undefined ? undefined : skipGroup(context, key as string, failed);
  }

  /** Remembers a failure so that the records it governs are skipped. */
  fail(context: GatedContext): void {
    this.stoppedBy ??= context;
    const key = context.orderingKey;
    if (key !== undefined && !this.failedGroups.has(key)) this.failedGroups.set(key, context);
  }
}

function skipAll(context: RecordContext, failed: RecordContext): ShortCircuitError {
  return context.eventType === 'SQS'
    ? new SqsFifoShortCircuitError(failed.itemIdentifier)
    : new StreamShortCircuitError(failed.itemIdentifier);
}

function skipGroup(context: RecordContext, key: string, failed: RecordContext): ShortCircuitError {
  return context.eventType === 'SQS'
    ? new SqsFifoMessageGroupShortCircuitError(key, failed.itemIdentifier)
    : new StreamShortCircuitError(failed.itemIdentifier, key);
}
