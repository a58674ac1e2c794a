import { setMaxListeners } from 'node:events';
import type { EventType } from '../constants.js';
import { MissingItemIdentifierError } from '../errors/MissingItemIdentifierError.js';
import { errorFields } from '../logging/errorFields.js';
import type { EventSource } from '../sources/EventSource.js';
import { sourceOfRecord, sourceOfType } from '../sources/registry.js';
import type { BatchOutcome, BatchRecord, PartialBatchResponse, ProcessResult, RecordFailure, RecordSuccess } from '../types.js';
import type { FailureAnnotation, RunAmendments, RunView } from './extension.js';
import { FailureGate } from './failureGate.js';
import { RecordContextImpl } from './recordContext.js';
import type { RunSettings } from './settings.js';

/** How one record ended, as the processor reports it to the engine. */
export type Verdict = { ok: true; result: unknown } | { ok: false; error: Error; ran: boolean };

type Slot = RecordSuccess | RecordFailure;

/** A record's state in a run: no outcome yet, succeeded, failed. */
const NONE = 0;
const SUCCEEDED = 1;
const FAILED = 2;
/** Flags of a failure. */
const NOT_RETRYABLE = 1;
const HANDLED = 2;

/** Hears of every outcome the run records or revises, in the order they happen (the inspection fields follow it). */
export type OutcomeListener = (index: number, ok: boolean, replaced: boolean) => void;

/** How many records have an outcome, and how many failures the response reports. */
export interface RunCounts {
  settled: number;
  failed: number;
  reported: number;
}

/**
 * All state of one invocation: nothing of it lives on the processor or the handler instance. Only the engine holds
 * the run itself; processors, hooks and extensions get its {@link RunView} and copies of its outcomes. Outcomes are
 * kept in arrays indexed by the record's position (one entry each, no object per record); the outcome objects users
 * see are made when they are asked for.
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
  private readonly status: Uint8Array;
  private readonly flags: Uint8Array;
  /** The result of a success, the error of a failure. */
  private readonly values: unknown[];
  private readonly identifiers: (string | undefined)[];
  private readonly eventTypes: (EventType | undefined)[];
  private handlerNames: (string | undefined)[] | undefined;
  private notes: Map<number, FailureAnnotation> | undefined;
  private readonly fixedSource: EventSource | undefined;
  private readonly startedAt: Float64Array | undefined;
  private readonly durations: Float64Array | undefined;
  private built: RecordContextImpl[] | undefined;
  private tally: RunCounts = { settled: 0, failed: 0, reported: 0 };
  /** Tells the processor about records the run failed without its step (blocked, out of time, amended). */
  skipped: ((context: RecordContextImpl, error: Error) => void) | undefined;
  /** Hears of each outcome as it is recorded. */
  listener: OutcomeListener | undefined;
  private controller: AbortController | undefined;
  private closeReason: Error | undefined;
  private isClosed = false;

  constructor(
    readonly records: readonly BatchRecord[],
    readonly settings: RunSettings,
    /** False when nothing reads the successes' results after they ran (they are then not kept). */
    private readonly keepResults = true,
  ) {
    const n = records.length;
    this.status = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    this.values = new Array(n);
    this.identifiers = new Array(n);
    this.eventTypes = new Array(n);
    this.startedAt = settings.measureDurations ? new Float64Array(n).fill(performance.now()) : undefined;
    this.durations = settings.measureDurations ? new Float64Array(n) : undefined;
    this.gate = settings.onError === 'continue' ? undefined : new FailureGate(settings.onError);
    this.fixedSource = settings.eventType === undefined ? undefined : sourceOfType(settings.eventType);
    this.needsOrderingKeys = (settings.concurrency > 1 && settings.ordering === 'group') || settings.onError === 'skip-group';
    this.view = createView(this);
    runs.set(this.view, this);
    this.amendments = {
      markHandled: (index, note = {}) => this.amendFailure(index, note, true),
      note: (index, note) => this.amendFailure(index, note, false),
      failBehind: (stuck, error) => this.failBehind(stuck, error),
    };
  }

  /** The record's source: the processor's own (when the record carries it), or the one the record names. */
  sourceFor(record: BatchRecord): EventSource | undefined {
    const named = sourceOfRecord(record);
    if (this.fixedSource === undefined) return named;
    return named === this.fixedSource ? named : undefined;
  }

  /** The contexts of the run's records, in input order (made once; the scheduler and hooks share them). */
  contexts(): RecordContextImpl[] {
    this.built ??= this.records.map((record, index) => new RecordContextImpl(this, record, index));
    return this.built;
  }

  /** The context of one record: the shared one when {@link contexts} made them, else a new one (the in-order loop keeps none). */
  contextAt(index: number): RecordContextImpl {
    return this.built?.[index] ?? new RecordContextImpl(this, this.records[index] as BatchRecord, index);
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
    const { index } = context;
    if (this.isClosed || this.status[index] !== NONE) return;
    this.status[index] = SUCCEEDED;
    if (this.keepResults) this.values[index] = result;
    this.identifiers[index] = context.itemIdentifier;
    this.eventTypes[index] = context.eventType;
    this.tally.settled++;
    if (context.handlerName !== undefined || this.handlerNames !== undefined) this.nameHandler(index, context.handlerName);
    if (this.durations !== undefined) this.durations[index] = performance.now() - (this.startedAt as Float64Array)[index]!;
    this.listener?.(index, true, false);
  }

  /**
   * Records a failure. `ran`: the record's handler ran and threw `error` (only then do an extension's
   * `nonRetryable` rules apply: a record that never ran always goes back for retry). After the deadline closed the
   * run, only `afterRun` callers (extensions revising outcomes) may still fail one, replacing its outcome.
   */
  fail(context: RecordContextImpl, error: Error, ran: boolean, afterRun = false): void {
    const { index } = context;
    const before = this.status[index];
    if (!afterRun && (this.isClosed || before !== NONE)) return;
    const { nonRetryable, setAside } = this.settings;
    const own = (error as { retryable?: unknown }).retryable !== false;
    const configuration = (error as { configuration?: unknown }).configuration === true;
    const retryable = own && !(ran && !configuration && nonRetryable?.(error) === true);
    if (before === NONE) this.tally.settled++;
    if (before !== FAILED) this.tally.failed++;
    if (before !== FAILED || (this.flags[index]! & HANDLED) !== 0) this.tally.reported++;
    this.status[index] = FAILED;
    this.flags[index] = retryable ? 0 : NOT_RETRYABLE;
    this.notes?.delete(index);
    this.values[index] = error;
    this.identifiers[index] = context.itemIdentifier;
    this.eventTypes[index] = context.eventType;
    if (context.handlerName !== undefined || this.handlerNames !== undefined) this.nameHandler(index, context.handlerName);
    if (this.durations !== undefined) this.durations[index] = performance.now() - (this.startedAt as Float64Array)[index]!;
    this.listener?.(index, false, before !== NONE);
    if (setAside?.({ error, retryable, eventType: context.eventType }) !== true) this.gate?.fail(context);
  }

  /** True once the record has an outcome. */
  hasOutcome(index: number): boolean {
    return this.status[index] !== NONE;
  }

  /** True when the record succeeded. */
  succeeded(index: number): boolean {
    return this.status[index] === SUCCEEDED;
  }

  /** The result of a success or the error of a failure. */
  valueOf(index: number): unknown {
    return this.values[index];
  }

  /** The counts so far (a copy). */
  counts(): RunCounts {
    return { ...this.tally };
  }

  /** The outcome of one settled record, as a fresh object (`undefined` when it has none). */
  slotAt(index: number): Slot | undefined {
    const status = this.status[index];
    if (status === NONE) return undefined;
    const base = {
      record: this.records[index] as BatchRecord,
      itemIdentifier: this.identifiers[index],
      index,
      eventType: this.eventTypes[index],
    };
    let slot: Slot;
    if (status === SUCCEEDED) slot = { ...base, result: this.values[index] };
    else {
      const flags = this.flags[index] as number;
      const failure: RecordFailure = { ...base, error: this.values[index] as Error, retryable: (flags & NOT_RETRYABLE) === 0 };
      const note = this.notes?.get(index);
      if (note !== undefined) Object.assign(failure, note);
      if ((flags & HANDLED) !== 0) failure.handled = true;
      slot = failure;
    }
    const handlerName = this.handlerNames?.[index];
    if (handlerName !== undefined) slot.handlerName = handlerName;
    if (this.durations !== undefined) slot.durationMs = this.durations[index];
    return slot;
  }

  /** Every settled record, in input order, as fresh objects. */
  settled(): Slot[] {
    const slots: Slot[] = [];
    for (let i = 0; i < this.status.length; i++) {
      const slot = this.slotAt(i);
      if (slot !== undefined) slots.push(slot);
    }
    return slots;
  }

  /** The failures, in input order, as fresh objects. */
  failures(): RecordFailure[] {
    const failures: RecordFailure[] = [];
    if (this.tally.failed === 0) return failures;
    for (let i = 0; i < this.status.length; i++) {
      if (this.status[i] === FAILED) failures.push(this.slotAt(i) as RecordFailure);
    }
    return failures;
  }

  /** The partial batch response: every failure not marked handled, in input order (a fresh object). */
  response(): PartialBatchResponse {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    if (this.tally.reported === 0) return { batchItemFailures };
    for (let i = 0; i < this.status.length; i++) {
      if (this.status[i] !== FAILED || (this.flags[i]! & HANDLED) !== 0) continue;
      const itemIdentifier = this.identifiers[i];
      if (itemIdentifier !== undefined) batchItemFailures.push({ itemIdentifier });
    }
    return { batchItemFailures };
  }

  /** The outcome in input order, as fresh copies. */
  outcome(): BatchOutcome {
    const successes: RecordSuccess[] = [];
    const failures: RecordFailure[] = [];
    for (let i = 0; i < this.status.length; i++) {
      const slot = this.slotAt(i);
      if (slot === undefined) continue;
      if ('error' in slot) failures.push(slot);
      else successes.push(slot);
    }
    return { response: this.response(), successes, failures };
  }

  /** Throws `MissingItemIdentifierError` rather than leave a failure out of the response. */
  assertReportable(): void {
    if (this.tally.reported === 0) return;
    for (let i = 0; i < this.status.length; i++) {
      if (this.status[i] === FAILED && (this.flags[i]! & HANDLED) === 0 && this.identifiers[i] === undefined)
        throw new MissingItemIdentifierError(i);
    }
  }

  /** Powertools-style results, index-aligned with the records. */
  results(): ProcessResult[] {
    const results: ProcessResult[] = new Array(this.records.length);
    for (let i = 0; i < this.status.length; i++) {
      const status = this.status[i];
      if (status === NONE) continue;
      const record = this.records[i] as BatchRecord;
      results[i] =
        status === FAILED ? ['fail', errorFields(this.values[i]).errorMessage, record] : ['success', this.values[i], record];
    }
    return results;
  }

  private nameHandler(index: number, name: string | undefined): void {
    this.handlerNames ??= new Array(this.records.length);
    this.handlerNames[index] = name;
  }

  private amendFailure(index: number, note: FailureAnnotation & { handled?: unknown }, handled: boolean): void {
    if (this.status[index] !== FAILED) return;
    const { handled: marked, ...rest } = note;
    if (Object.keys(rest).length > 0) {
      this.notes ??= new Map();
      this.notes.set(index, { ...this.notes.get(index), ...rest });
    }
    if ((handled || marked === true) && (this.flags[index]! & HANDLED) === 0) {
      this.flags[index] = this.flags[index]! | HANDLED;
      this.tally.reported--;
    }
  }

  private failBehind(stuck: readonly RecordFailure[], error: (blocker: RecordFailure) => Error): void {
    const { onError } = this.settings;
    if (onError === 'continue' || stuck.length === 0) return;
    const keyOf = (record: BatchRecord) => this.sourceFor(record)?.orderingKey(record);
    for (let index = 0; index < this.status.length; index++) {
      if (this.status[index] !== SUCCEEDED) continue;
      const record = this.records[index] as BatchRecord;
      const key = onError === 'skip-group' ? keyOf(record) : undefined;
      const blocker = stuck.find(
        (failure) => failure.index < index && (onError === 'stop' || (key !== undefined && keyOf(failure.record) === key)),
      );
      if (blocker === undefined) continue;
      const context = new RecordContextImpl(this, record, index);
      const failure = error(blocker);
      this.fail(context, failure, false, true);
      this.skipped?.(context, failure);
    }
  }
}

/** The runs behind their views (for the engine's own code that is handed a view). */
const runs = new WeakMap<RunView, Run>();

/** The run behind a view the engine made. */
export function runBehind(view: RunView): Run | undefined {
  return runs.get(view);
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
    response: () => run.response(),
  });
}
