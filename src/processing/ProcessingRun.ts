import type { Context } from 'aws-lambda';
import { EVENT_SOURCE_NAMES, type EventType } from '../constants.js';
import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import { MissingItemIdentifierError } from '../errors/MissingItemIdentifierError.js';
import { RecordParseError } from '../errors/RecordParseError.js';
import { UnexpectedBatchTypeError } from '../errors/UnexpectedBatchTypeError.js';
import type { EventSource } from '../sources/EventSource.js';
import { anyItemIdentifier, sourceOfRecord, sourceOfType } from '../sources/registry.js';
import type { BatchOutcome, BatchRecord, ProcessResult, RecordContext, RecordFailure, RecordSuccess } from '../types.js';
import { FailureGate } from './failureGate.js';
import type { RunSettings } from './runSettings.js';

/** Runs one record: returns its result or a promise of it; throws or rejects on failure. */
export type RecordInvoker = (record: BatchRecord, context: RecordContext) => unknown;

/** Called once per record after it settles, in input order; used for hooks and failure logging. */
export type SettleObserver = (settled: RecordSuccess | RecordFailure) => unknown;

const RUN = Symbol('batchkit:run');

/** The context of one record in one run; the run travels along under a symbol, out of the public type. */
export class RecordContextImpl implements RecordContext {
  readonly [RUN]: ProcessingRun;
  eventType: EventType | undefined;
  itemIdentifier: string | undefined;
  lambdaContext: Context | undefined;
  attempt?: number;
  messageGroupId?: string;
  /** Aborts at the deadline; created on first read, so runs whose handlers never look at it pay nothing. */
  get signal(): AbortSignal {
    return this[RUN].signal;
  }
  /** @internal Why the record cannot run at all (wrong source), found before it is started. */
  problem: Error | undefined;
  /** @internal The ordering group (FIFO group, partition key, item keys), when ordering applies. */
  orderingKey: string | undefined;

  constructor(
    run: ProcessingRun,
    record: BatchRecord,
    readonly index: number,
  ) {
    this[RUN] = run;
    this.lambdaContext = run.settings.lambdaContext;
    const source = run.sourceFor(record);
    if (source === undefined) {
      this.eventType = undefined;
      this.itemIdentifier = anyItemIdentifier(record);
      this.problem = unexpectedSource(record, run.settings.eventType);
      this.orderingKey = undefined;
      return;
    }
    this.eventType = source.eventType;
    this.itemIdentifier = source.itemIdentifier(record);
    this.problem = undefined;
    this.orderingKey = undefined;
    try {
      // Standard SQS queues have no order to keep, even when a record carries a group id.
      if (run.needsOrderingKeys && (source.eventType !== 'SQS' || run.settings.fifo))
        this.orderingKey = source.orderingKey(record);
      source.describe(record, this);
    } catch (error) {
      // a malformed record (its keys or attributes of the wrong shape) fails alone, never the batch
      this.problem = new RecordParseError('The record is malformed: its source fields could not be read.', { cause: error });
    }
  }
}

/** The run a record context belongs to, when the context came from the engine. */
export function runOf(context: RecordContext | undefined): ProcessingRun | undefined {
  return context instanceof RecordContextImpl ? context[RUN] : undefined;
}

/** All state of one invocation: nothing of it lives on the processor or the handler instance. */
export class ProcessingRun {
  readonly gate: FailureGate | undefined;
  private readonly slots: (RecordSuccess | RecordFailure | undefined)[];
  private readonly fixedSource: EventSource | undefined;
  /**
   * Whether records need their ordering key (FIFO group, partition key, canonical item keys): only for groups run
   * concurrently or skipped by `onError: 'skip-group'`. Standard SQS queues have no order to keep.
   */
  readonly needsOrderingKeys: boolean;
  private controller: AbortController | undefined;
  private closeReason: Error | undefined;
  private isClosed = false;
  private readonly startedAt: Float64Array | undefined;

  constructor(
    readonly records: readonly BatchRecord[],
    readonly invoke: RecordInvoker,
    readonly settings: RunSettings,
    readonly observe: SettleObserver | undefined,
  ) {
    this.slots = new Array(records.length);
    this.startedAt = settings.measureDurations ? new Float64Array(records.length).fill(performance.now()) : undefined;
    this.gate = settings.onError === 'continue' ? undefined : new FailureGate(settings.onError);
    this.fixedSource = settings.eventType === undefined ? undefined : sourceOfType(settings.eventType);
    this.needsOrderingKeys = (settings.concurrency > 1 && settings.ordering === 'group') || settings.onError === 'skip-group';
  }

  /** The record's source: the processor's own (when the record carries it), or the one the record names. */
  sourceFor(record: BatchRecord): EventSource | undefined {
    const named = sourceOfRecord(record);
    if (this.fixedSource === undefined) return named;
    return named === this.fixedSource ? named : undefined;
  }

  /** Aborts at the deadline (shared by the run's records as `context.signal`). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.closeReason !== undefined) this.controller.abort(this.closeReason);
    }
    return this.controller.signal;
  }

  /** True once the run stopped accepting outcomes (the deadline passed): late settlements are ignored. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** With `measureDurations`: notes when a record starts, so its outcome carries `durationMs`. */
  markStarted(index: number): void {
    if (this.startedAt !== undefined) this.startedAt[index] = performance.now();
  }

  /** Adds what only some runs record: the handling method's name and, when measured, the duration. */
  private annotate(outcome: RecordSuccess | RecordFailure, context: RecordContext): void {
    if (context.handlerName !== undefined) outcome.handlerName = context.handlerName;
    if (this.startedAt !== undefined) outcome.durationMs = performance.now() - (this.startedAt[context.index] as number);
  }

  /** Stops the run at the deadline: aborts the signal; outcomes that arrive afterwards are dropped. */
  close(reason: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeReason = reason;
    this.controller?.abort(reason);
  }

  succeed(context: RecordContext, record: BatchRecord, result: unknown): RecordSuccess | undefined {
    if (this.isClosed || this.slots[context.index] !== undefined) return undefined;
    const success: RecordSuccess = {
      record,
      itemIdentifier: context.itemIdentifier,
      index: context.index,
      eventType: context.eventType,
      result,
    };
    this.annotate(success, context);
    this.slots[context.index] = success;
    return success;
  }

  /**
   * Records a failure; it replaces an earlier success of the same record (a failing success hook, say). After the
   * deadline closed the run, only `afterRun` callers (processors revising outcomes after the records) may still fail one.
   */
  fail(context: RecordContext, record: BatchRecord, error: Error, afterRun = false): RecordFailure | undefined {
    if (this.isClosed && !afterRun) return undefined;
    const retryable = (error as { retryable?: unknown }).retryable !== false && this.settings.nonRetryable?.(error) !== true;
    const failure: RecordFailure = {
      record,
      itemIdentifier: context.itemIdentifier,
      index: context.index,
      eventType: context.eventType,
      error,
      retryable,
    };
    this.annotate(failure, context);
    this.slots[context.index] = failure;
    const toDlq = !retryable && context.eventType === 'SQS' && this.settings.goesToDlq?.(error) === true;
    if (!toDlq) this.gate?.fail(context as RecordContextImpl);
    return failure;
  }

  /** Makes sure the record has an outcome, from the tuple `processRecord` returned when no handler recorded one. */
  settle(context: RecordContext, record: BatchRecord, result: unknown): void {
    if (this.isClosed || this.slots[context.index] !== undefined) return;
    if (Array.isArray(result) && result[0] === 'success') {
      this.succeed(context, record, result[1]);
      return;
    }
    const message = Array.isArray(result) && result[0] === 'fail' ? String(result[1]) : 'processRecord returned no result';
    this.fail(context, record, new BatchProcessingError(message));
  }

  /**
   * Applies the `onError` rule to a failure found after the records ran (a poison message that could not reach the
   * dead-letter queue, so it did not stop its group when it failed): every later success the rule would have skipped
   * (all of them with `'stop'`, those of its ordering group with `'skip-group'`) fails with `error(blocker)`, so it
   * comes back after the blocker. Works after the deadline closed the run too.
   */
  failBehind(stuck: readonly RecordFailure[], error: (blocker: RecordFailure) => Error): void {
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
      this.fail(context, slot.record, error(blocker), true);
    }
  }

  /** True once the record has an outcome. */
  hasOutcome(index: number): boolean {
    return this.slots[index] !== undefined;
  }

  /** Every settled record, in input order. */
  settled(): (RecordSuccess | RecordFailure)[] {
    return this.slots.filter((slot): slot is RecordSuccess | RecordFailure => slot !== undefined);
  }

  /**
   * Marks a failure as handled by the processor (moved to a dead-letter queue, say): it stays a failure for hooks and
   * inspection but is not reported in `batchItemFailures`, so it is not retried.
   */
  markHandled(index: number, note: Partial<Pick<RecordFailure, 'sentToDlq'>> = {}): void {
    const slot = this.slots[index];
    if (slot !== undefined && 'error' in slot) this.slots[index] = { ...slot, ...note, handled: true };
  }

  /** Adds a processor's note to a failure without changing how it is reported (`sentToDlq: false`, say). */
  noteFailure(index: number, note: Partial<Pick<RecordFailure, 'sentToDlq'>>): void {
    const slot = this.slots[index];
    if (slot !== undefined && 'error' in slot) this.slots[index] = { ...slot, ...note };
  }

  /** The outcome in input order. Throws `MissingItemIdentifierError` rather than leave a failure out. */
  outcome(): BatchOutcome {
    const successes: RecordSuccess[] = [];
    const failures: RecordFailure[] = [];
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const slot of this.slots) {
      if (slot === undefined) continue;
      if ('error' in slot) {
        failures.push(slot);
        if (slot.itemIdentifier !== undefined && slot.handled !== true)
          batchItemFailures.push({ itemIdentifier: slot.itemIdentifier });
      } else {
        successes.push(slot);
      }
    }
    return { response: { batchItemFailures }, successes, failures };
  }

  /** Throws if a failed record cannot be named in the response. */
  assertReportable(outcome: BatchOutcome): void {
    const unnamed = outcome.failures.find((failure) => failure.itemIdentifier === undefined && failure.handled !== true);
    if (unnamed !== undefined) throw new MissingItemIdentifierError(unnamed.index);
  }

  /** Powertools-style results, index-aligned with the records. */
  results(outcome: BatchOutcome): ProcessResult[] {
    const results: ProcessResult[] = new Array(this.records.length);
    for (const s of outcome.successes) results[s.index] = ['success', s.result, s.record];
    for (const f of outcome.failures) results[f.index] = ['fail', f.error.message, f.record];
    return results;
  }
}

function unexpectedSource(record: BatchRecord, expected: EventType | undefined): UnexpectedBatchTypeError {
  const name = typeof record === 'object' && record !== null ? (record as { eventSource?: unknown }).eventSource : undefined;
  const found = typeof name === 'string' ? `"${name}"` : 'no eventSource';
  const wanted = expected === undefined ? 'aws:sqs, aws:kinesis or aws:dynamodb' : EVENT_SOURCE_NAMES[expected];
  return new UnexpectedBatchTypeError(`Record has ${found}; this processor handles ${wanted}.`);
}
