import type { EventType } from '../constants.js';
import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import { toError } from '../errors/NonErrorThrownError.js';
import { TimeBudgetExceededError } from '../errors/TimeBudgetExceededError.js';
import { consoleLogger } from '../logging/consoleLogger.js';
import type {
  BatchLogger,
  BatchOutcome,
  BatchRecord,
  FailureResult,
  FifoMode,
  PartialBatchResponse,
  ProcessOptions,
  ProcessResult,
  RecordContext,
  SchedulingOptions,
  SuccessResult,
} from '../types.js';
import { throwIfFullBatchFailed } from './fullBatch.js';
import { failureLogger, notifyAll, notifyAllSync } from './observers.js';
import { ProcessingRun, RecordContextImpl, type RecordInvoker, runOf, type SettleObserver } from './ProcessingRun.js';
import { checkSchedulingOptions, type RunSettings, resolveRunSettings } from './runSettings.js';
import { scheduleRecords } from './scheduler.js';
import { isThenable, requireSync } from './thenable.js';

/** What a record that settles after its run closed (the deadline passed) resolves to: nothing is recorded, no handler runs. */
const LATE: FailureResult = ['fail', 'settled after the time-budget deadline', {} as BatchRecord];

/** Options of every processor; the scheduling ones are defaults that each call may override. */
export interface BaseProcessorOptions extends SchedulingOptions {
  /** Where failures and hook errors are logged (default: JSON lines on the console). */
  logger?: BatchLogger;
}

/** What one run produced: the outcome (input order), the Powertools-style results (built on first read), and the run. */
export interface RunResult {
  outcome: BatchOutcome;
  readonly results: ProcessResult[];
  run: ProcessingRun;
}

/** A procedural record handler, as given to `register` or `processPartialResponse`. */
// biome-ignore lint/suspicious/noExplicitAny: handlers are typed by the caller
export type ProceduralHandler = (...args: any[]) => unknown;

interface PendingRun {
  records: readonly BatchRecord[];
  handler: ProceduralHandler;
  options: ProcessOptions;
}

/**
 * The engine: runs every record through a handler, applies the FIFO rules, collects one outcome per record and
 * builds the partial batch response. Both the decorators and the procedural API run on it.
 *
 * Extension points: `prepare(run)`, `clean(run)`, `processRecord(record, context)`,
 * `successHandler(record, result, context)`, `failureHandler(record, error, context)`.
 * Each invocation has its own {@link ProcessingRun}; the inspection fields mirror the last finished run.
 *
 * @example
 * ```ts
 * class AuditingProcessor extends BasePartialProcessor {
 *   override async clean(run: ProcessingRun) { await audit(run.outcome().successes); }
 * }
 * ```
 */
export abstract class BasePartialProcessor {
  /** Records that succeeded in the last finished run (read from its outcome when asked for). */
  get successMessages(): BatchRecord[] {
    return this.lastOutcome.successes.map((s) => s.record);
  }
  /** Records that failed in the last finished run. */
  get failureMessages(): BatchRecord[] {
    return this.lastOutcome.failures.map((f) => f.record);
  }
  /** Errors of the last finished run, in input order. */
  get errors(): Error[] {
    return this.lastOutcome.failures.map((f) => f.error);
  }

  protected readonly logger: BatchLogger;
  /** FIFO rules used when a call does not say (`'auto'`: from the queue ARN). */
  protected defaultFifo: FifoMode = 'auto';
  /** Scheduling defaults from the constructor; each call's options override them for that call only. */
  private readonly scheduling: SchedulingOptions;
  private pending: PendingRun | undefined;
  /** The last finished run's outcome, mirrored for inspection only: the engine never reads it back. */
  private lastOutcome: BatchOutcome = { response: { batchItemFailures: [] }, successes: [], failures: [] };

  constructor(
    /** The source this processor accepts; `undefined` accepts every source and dispatches by `eventSource`. */
    readonly eventType: EventType | undefined,
    options: BaseProcessorOptions = {},
  ) {
    const { logger, concurrency, ordering, onError, deadlineMarginMs } = options;
    this.logger = logger ?? consoleLogger;
    this.scheduling = { concurrency, ordering, onError, deadlineMarginMs };
    checkSchedulingOptions(this.scheduling);
  }

  /** Stores a batch for the next `process()` call. Prefer `processPartialResponse`, which needs no shared state. */
  register(records: readonly BatchRecord[], handler: ProceduralHandler, options: ProcessOptions = {}): this {
    this.pending = { records, handler, options };
    return this;
  }

  /**
   * Processes the registered batch; returns one result per record, in input order.
   * Throws `FullBatchFailureError` when every record failed (unless `throwOnFullBatchFailure: false`).
   */
  async process(): Promise<ProcessResult[]> {
    const { records, handler, options } = this.takePending();
    const invoker = await this.invokerFor(handler);
    return this.finish(await this.execute(records, invoker, options), options);
  }

  /** The partial batch response of the last finished run (a fresh object on every call). */
  response(): PartialBatchResponse {
    return { batchItemFailures: this.lastOutcome.response.batchItemFailures.map((f) => ({ ...f })) };
  }

  /**
   * Runs one batch in its own run and returns its outcome; never throws for record failures.
   * Overlapping calls on one processor are independent.
   */
  async execute(
    records: readonly BatchRecord[],
    invoke: RecordInvoker,
    options: ProcessOptions = {},
    observe?: SettleObserver,
  ): Promise<RunResult> {
    const run = this.startRun(records, invoke, options, observe);
    await this.prepare(run);
    const contexts = records.map((record, index) => new RecordContextImpl(run, record, index));
    const inline = this.usesDefaultProcessRecord();
    await scheduleRecords(
      run,
      contexts,
      (context) => {
        const record = records[context.index] as BatchRecord;
        const blocked = context.problem ?? run.gate?.check(context);
        if (blocked !== undefined) return this.failRecord(record, blocked, context);
        return inline ? this.processInline(record, context) : this.processRecord(record, context);
      },
      (context, error) => this.failRecord(records[context.index] as BatchRecord, error, context),
    );
    await this.afterRecords(run);
    await notifyAll(run.observe, run.settled(), this.logger);
    await this.clean(run);
    return this.complete(run);
  }

  /**
   * The synchronous twin of {@link execute}: handlers, hooks, `prepare` and `clean` must not return promises.
   * A handler that returns one fails its record with `AsyncHandlerError` (never a silent success).
   */
  executeSync(
    records: readonly BatchRecord[],
    invoke: RecordInvoker,
    options: ProcessOptions = {},
    observe?: SettleObserver,
  ): RunResult {
    const run = this.startRun(records, invoke, options, observe);
    requireSync(this.prepare(run), 'prepare()');
    const { deadline } = run.settings;
    for (let index = 0; index < records.length; index++) {
      const record = records[index] as BatchRecord;
      const context = new RecordContextImpl(run, record, index);
      const blocked =
        context.problem ??
        (deadline !== undefined && Date.now() >= deadline
          ? new TimeBudgetExceededError(context.itemIdentifier, false)
          : undefined) ??
        run.gate?.check(context);
      run.markStarted(index);
      try {
        const result =
          blocked !== undefined ? this.failRecord(record, blocked, context) : this.processRecordSync(record, context);
        run.settle(context, record, result);
      } catch (error) {
        run.fail(context, record, toError(error));
      }
    }
    notifyAllSync(run.observe, run.settled(), this.logger);
    requireSync(this.clean(run), 'clean()');
    return this.complete(run);
  }

  /** Processes the registered batch synchronously (see {@link process}). */
  processSync(): ProcessResult[] {
    const { records, handler, options } = this.takePending();
    const invoker = this.invokerFor(handler);
    if (isThenable(invoker)) {
      throw new AsyncHandlerError(
        'This processor prepares its handler asynchronously (a DTO with BatchProcessor): use process(), or BatchProcessorSync.',
      );
    }
    return this.finish(this.executeSync(records, invoker, options), options);
  }

  /** Extension point for synchronous processing: runs one record and returns its result tuple. */
  processRecordSync(record: BatchRecord, context: RecordContext): ProcessResult {
    return this.processInline(record, context, true) as ProcessResult;
  }

  /** Extension point: runs before the first record of each run. */
  prepare(_run: ProcessingRun): void | Promise<void> {}

  /**
   * Runs after the last record and before the hooks: the place for work on the whole batch that may still change
   * outcomes (SQS processors move poison messages to the DLQ here and delete successes in legacy mode).
   */
  protected afterRecords(_run: ProcessingRun): void | Promise<void> {}

  /**
   * The verdict after a run: throws when the invocation must fail (by default `FullBatchFailureError` when every
   * record failed and `throwOnFullBatchFailure` is on). Both `processPartialResponse` and `@BatchHandler` call it.
   */
  conclude(result: RunResult, options: ProcessOptions): void {
    throwIfFullBatchFailed(result.outcome, options);
  }

  /** Extension point: runs after the last record of each run (e.g. to write successes somewhere). */
  clean(_run: ProcessingRun): void | Promise<void> {}

  /** Extension point: runs one record. The default calls the handler and then `successHandler`/`failureHandler`. */
  async processRecord(record: BatchRecord, context: RecordContext): Promise<ProcessResult> {
    return this.processInline(record, context);
  }

  /** Extension point: records a success. Overrides should call `super.successHandler`. */
  successHandler(record: BatchRecord, result: unknown, context?: RecordContext): SuccessResult {
    if (context !== undefined) runOf(context)?.succeed(context, record, result);
    return ['success', result, record];
  }

  /** Extension point: records a failure. Overrides should call `super.failureHandler`. */
  failureHandler(record: BatchRecord, error: Error, context?: RecordContext): FailureResult {
    if (context !== undefined) runOf(context)?.fail(context, record, error);
    return ['fail', error.message, record];
  }

  /**
   * Turns a procedural handler into the engine's invoker: `(record, lambdaContext, recordContext)`.
   * DTO processors override it to call `(dto, record, lambdaContext, recordContext)`.
   */
  invokerFor(handler: ProceduralHandler): RecordInvoker | Promise<RecordInvoker> {
    return (record, context) => handler(record, context.lambdaContext, context);
  }

  protected takePending(): PendingRun {
    const pending = this.pending;
    if (pending === undefined) {
      throw new BatchProcessingError('Nothing to process: call register(records, handler) before process().');
    }
    this.pending = undefined;
    return pending;
  }

  /** Applies the verdict and returns the results. */
  protected finish(result: RunResult, options: ProcessOptions): ProcessResult[] {
    this.conclude(result, options);
    return result.results;
  }

  protected startRun(
    records: readonly BatchRecord[],
    invoke: RecordInvoker,
    options: ProcessOptions,
    observe?: SettleObserver,
  ): ProcessingRun {
    return new ProcessingRun(records, invoke, this.runSettings(records, options), observe ?? failureLogger(this.logger));
  }

  /** One call's settings over the processor's defaults; processors with features of their own add theirs. */
  protected runSettings(records: readonly BatchRecord[], options: ProcessOptions): RunSettings {
    return resolveRunSettings(records, this.eventType, options, { ...this.scheduling, fifo: this.defaultFifo });
  }

  /** Builds the outcome, mirrors it on the inspection fields, then insists every failure be reportable. */
  protected complete(run: ProcessingRun): RunResult {
    const outcome = run.outcome();
    this.lastOutcome = outcome;
    run.assertReportable(outcome);
    let results: ProcessResult[] | undefined;
    return {
      outcome,
      run,
      get results() {
        results ??= run.results(outcome);
        return results;
      },
    };
  }

  /**
   * Runs a record without an extra promise when its handler is synchronous. In synchronous processing (`sync`), a
   * handler that returns a promise fails its record with `AsyncHandlerError` (its rejection silenced, never lost).
   */
  protected processInline(record: BatchRecord, context: RecordContext, sync = false): ProcessResult | Promise<ProcessResult> {
    let value: unknown;
    try {
      value = (runOf(context) as ProcessingRun).invoke(record, context);
    } catch (error) {
      return this.failRecord(record, toError(error), context);
    }
    if (isThenable(value) && sync) {
      Promise.resolve(value).catch(() => {});
      const message =
        'The record handler returned a Promise, but this processor is synchronous: use BatchProcessor and processPartialResponse.';
      return this.failRecord(record, new AsyncHandlerError(message), context);
    }
    if (isThenable(value)) {
      const run = runOf(context) as ProcessingRun;
      return Promise.resolve(value).then(
        (result) => (run.closed ? LATE : this.succeedSafely(record, result, context)),
        (error: unknown) => (run.closed ? LATE : this.failRecord(record, toError(error), context)),
      );
    }
    return this.succeedSafely(record, value, context);
  }

  /**
   * Records a success in the run, then calls the `successHandler` extension point; an override that throws turns
   * the record into a failure. The engine records first, so an override that drops the context loses nothing.
   */
  private succeedSafely(record: BatchRecord, result: unknown, context: RecordContext): ProcessResult {
    runOf(context)?.succeed(context, record, result);
    try {
      return this.successHandler(record, result, context);
    } catch (error) {
      return this.failRecord(record, toError(error), context);
    }
  }

  /** Records a failure in the run (with its real error), then calls the `failureHandler` extension point. */
  private failRecord(record: BatchRecord, error: Error, context: RecordContext): ProcessResult {
    runOf(context)?.fail(context, record, error);
    try {
      return this.failureHandler(record, error, context);
    } catch (thrown) {
      this.logger.error('failureHandler threw; the record stays failed with its own error', {
        itemIdentifier: context.itemIdentifier,
        errorName: toError(thrown).name,
        errorMessage: toError(thrown).message,
      });
      return ['fail', error.message, record];
    }
  }

  private usesDefaultProcessRecord(): boolean {
    return this.processRecord === BasePartialProcessor.prototype.processRecord;
  }
}
