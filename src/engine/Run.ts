import { setMaxListeners } from 'node:events';
import { MissingItemIdentifierError } from '../errors/MissingItemIdentifierError.js';
import { errorFields } from '../logging/errorFields.js';
import type { EventSource } from '../sources/EventSource.js';
import { sourceOfRecord, sourceOfType } from '../sources/registry.js';
import type { BatchOutcome, BatchRecord, ProcessResult, RecordFailure, RecordSuccess } from '../types.js';
import type { FailureAnnotation, RunAmendments, RunView } from './extension.js';
import { FailureGate } from './failureGate.js';
import { RecordContextImpl } from './recordContext.js';
import type { RunSettings } from './settings.js';

/** How one record ended, as the processor reports it to the engine. */
export type Verdict = { ok: true; result: unknown } | { ok: false; error: Error; ran: boolean };

type Slot = RecordSuccess | RecordFailure;

/**
 * All state of one invocation: nothing of it lives on the processor or the handler instance. Only the engine holds
 * the run itself; processors, hooks and extensions get its {@link RunView} and copies of its outcomes.
 */
export class Run {
  readonly gate: FailureGate | undefined;
  /**
   * Whether records need their ordering key (FIFO group, partition key, canonical item keys): only for groups run
   * concurrently or skipped by `onError: 'skip-group'`.
   */
  readonly needsOrderingKeys: boolean;
  readonly view: RunView;
  readonly amendments: RunAmendments;
  private readonly slots: (Slot | undefined)[];
  private readonly fixedSource: EventSource | undefined;
  private readonly startedAt: Float64Array | undefined;
  /** Tells the processor about records the run failed without its step (blocked, out of time, amended). */
  skipped: ((context: RecordContextImpl, error: Error) => void) | undefined;
  private controller: AbortController | undefined;
  private closeReason: Error | undefined;
  private isClosed = false;

  constructor(
    readonly records: readonly BatchRecord[],
    readonly settings: RunSettings,
  ) {
    this.slots = new Array(records.length);
    this.startedAt = settings.measureDurations ? new Float64Array(records.length).fill(performance.now()) : undefined;
    this.gate = settings.onError === 'continue' ? undefined : new FailureGate(settings.onError);
    this.fixedSource = settings.eventType === undefined ? undefined : sourceOfType(settings.eventType);
    this.needsOrderingKeys = (settings.concurrency > 1 && settings.ordering === 'group') || settings.onError === 'skip-group';
    this.view = createView(this);
    this.amendments = {
      markHandled: (index, note = {}) => this.amendFailure(index, { ...note, handled: true }),
      note: (index, note) => this.amendFailure(index, note),
      failBehind: (stuck, error) => this.failBehind(stuck, error),
    };
  }

  /** The record's source: the processor's own (when the record carries it), or the one the record names. */
  sourceFor(record: BatchRecord): EventSource | undefined {
    const named = sourceOfRecord(record);
    if (this.fixedSource === undefined) return named;
    return named === this.fixedSource ? named : undefined;
  }

  /** The contexts of the run's records, in input order. */
  contexts(): RecordContextImpl[] {
    return this.records.map((record, index) => new RecordContextImpl(this, record, index));
  }

  /** Aborts at the deadline (shared by the run's records as `context.signal`; any number may listen). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      setMaxListeners(0, this.controller.signal);
      if (this.closeReason !== undefined) this.controller.abort(this.closeReason);
    }
    return this.controller.signal;
  }

  /** True once the run stopped accepting outcomes (the deadline passed): late settlements are ignored. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Stops the run at the deadline: aborts the signal; outcomes that arrive afterwards are dropped. */
  close(reason: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeReason = reason;
    this.controller?.abort(reason);
  }

  /** With `measureDurations`: notes when a record starts, so its outcome carries `durationMs`. */
  markStarted(index: number): void {
    if (this.startedAt !== undefined) this.startedAt[index] = performance.now();
  }

  /** Why a record may not run (its own problem, or `onError` after an earlier failure), or `undefined`. */
  blocked(context: RecordContextImpl): Error | undefined {
    return context.problem ?? this.gate?.check(context);
  }

  /** Records a processor's verdict, unless the record has an outcome already or the run is closed. */
  record(context: RecordContextImpl, verdict: Verdict): void {
    if (verdict.ok) this.succeed(context, verdict.result);
    else this.fail(context, verdict.error, verdict.ran);
  }

  succeed(context: RecordContextImpl, result: unknown): void {
    if (this.isClosed || this.slots[context.index] !== undefined) return;
    const success: RecordSuccess = {
      record: this.records[context.index] as BatchRecord,
      itemIdentifier: context.itemIdentifier,
      index: context.index,
      eventType: context.eventType,
      result,
    };
    this.annotate(success, context);
    this.slots[context.index] = success;
  }

  /**
   * Records a failure. `ran`: the record's handler ran and threw `error` (only then do an extension's
   * `nonRetryable` rules apply: a record that never ran always goes back for retry). After the deadline closed the
   * run, only `afterRun` callers (extensions revising outcomes) may still fail one, replacing its outcome.
   */
  fail(context: RecordContextImpl, error: Error, ran: boolean, afterRun = false): void {
    if (!afterRun && (this.isClosed || this.slots[context.index] !== undefined)) return;
    const { nonRetryable, setAside } = this.settings;
    const own = (error as { retryable?: unknown }).retryable !== false;
    const configuration = (error as { configuration?: unknown }).configuration === true;
    const retryable = own && !(ran && !configuration && nonRetryable?.(error) === true);
    const failure: RecordFailure = {
      record: this.records[context.index] as BatchRecord,
      itemIdentifier: context.itemIdentifier,
      index: context.index,
      eventType: context.eventType,
      error,
      retryable,
    };
    this.annotate(failure, context);
    this.slots[context.index] = failure;
    if (setAside?.({ error, retryable, eventType: context.eventType }) !== true) this.gate?.fail(context);
  }

  /** True once the record has an outcome. */
  hasOutcome(index: number): boolean {
    return this.slots[index] !== undefined;
  }

  /** Every settled record, in input order (the run's own objects: copy before handing them out). */
  settled(): Slot[] {
    return this.slots.filter((slot): slot is Slot => slot !== undefined);
  }

  /** The outcome in input order, as fresh copies. */
  outcome(): BatchOutcome {
    const successes: RecordSuccess[] = [];
    const failures: RecordFailure[] = [];
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const slot of this.slots) {
      if (slot === undefined) continue;
      if ('error' in slot) {
        failures.push({ ...slot });
        if (slot.itemIdentifier !== undefined && slot.handled !== true)
          batchItemFailures.push({ itemIdentifier: slot.itemIdentifier });
      } else {
        successes.push({ ...slot });
      }
    }
    return { response: { batchItemFailures }, successes, failures };
  }

  /** Throws `MissingItemIdentifierError` rather than leave a failure out of the response. */
  assertReportable(): void {
    const unnamed = this.slots.find(
      (slot) => slot !== undefined && 'error' in slot && slot.itemIdentifier === undefined && slot.handled !== true,
    );
    if (unnamed !== undefined) throw new MissingItemIdentifierError(unnamed.index);
  }

  /** Powertools-style results, index-aligned with the records. */
  results(): ProcessResult[] {
    const results: ProcessResult[] = new Array(this.records.length);
    for (const slot of this.settled()) {
      results[slot.index] =
        'error' in slot ? ['fail', errorFields(slot.error).errorMessage, slot.record] : ['success', slot.result, slot.record];
    }
    return results;
  }

  private annotate(outcome: Slot, context: RecordContextImpl): void {
    if (context.handlerName !== undefined) outcome.handlerName = context.handlerName;
    if (this.startedAt !== undefined) outcome.durationMs = performance.now() - (this.startedAt[context.index] as number);
  }

  private amendFailure(index: number, note: FailureAnnotation & { handled?: true }): void {
    const slot = this.slots[index];
    if (slot !== undefined && 'error' in slot) this.slots[index] = { ...slot, ...note };
  }

  private failBehind(stuck: readonly RecordFailure[], error: (blocker: RecordFailure) => Error): void {
    const { onError } = this.settings;
    if (onError === 'continue' || stuck.length === 0) return;
    const keyOf = (record: BatchRecord) => this.sourceFor(record)?.orderingKey(record);
    for (const slot of this.settled()) {
      if ('error' in slot) continue;
      const key = onError === 'skip-group' ? keyOf(slot.record) : undefined;
      const blocker = stuck.find(
        (failure) => failure.index < slot.index && (onError === 'stop' || (key !== undefined && keyOf(failure.record) === key)),
      );
      if (blocker === undefined) continue;
      const context = new RecordContextImpl(this, slot.record, slot.index);
      const failure = error(blocker);
      this.fail(context, failure, false, true);
      this.skipped?.(context, failure);
    }
  }
}

/** The read-only face of a run. */
function createView(run: Run): RunView {
  const settings = Object.freeze({ ...run.settings });
  return Object.freeze({
    records: run.records,
    settings,
    get signal() {
      return run.signal;
    },
    outcome: () => run.outcome(),
  });
}
