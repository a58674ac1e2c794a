import type { EventType } from '../constants.js';
import { concludeRun } from '../engine/conclude.js';
import type { RunResult } from '../engine/execute.js';
import type { RunExtension, RunView } from '../engine/extension.js';
import type { SettleObserver } from '../engine/observers.js';
import type { RunDefaults } from '../engine/settings.js';
import { isThenable } from '../engine/thenable.js';
import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import { toError } from '../errors/NonErrorThrownError.js';
import { consoleLogger } from '../logging/consoleLogger.js';
import { errorFields } from '../logging/errorFields.js';
import { guardLogger } from '../logging/guardLogger.js';
import type {
  BatchLogger,
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
import { type RecordInvoker, silence } from './invocation.js';
import { InvocationFields } from './invocationFields.js';
import { BASE_PROCESSOR_KEYS } from './optionKeys.js';
import { type BaseProcessorOptions, checkProcessorOptions, type ProceduralHandler } from './processorOptions.js';
import { type ProcessorRunRequest, runProcessor } from './processorRun.js';
import { overriddenSteps, type StepHost } from './recordSteps.js';

interface PendingRun {
  records: readonly BatchRecord[];
  handler: ProceduralHandler;
  options: ProcessOptions;
}

/**
 * The base of every processor: runs every record through a handler on the engine, which applies the FIFO rules,
 * collects one outcome per record and builds the partial batch response. Both the decorators and the procedural
 * API run on it.
 *
 * Extension points, as in Powertools: `prepare()`, `processRecord(record)`, `successHandler(record, result)`,
 * `failureHandler(record, error)`, `clean()`. Inside them, `this.successMessages`, `this.failureMessages`,
 * `this.errors`, `this.records` and `this.handler` are those of the invocation running (also when invocations
 * overlap on one processor); after it returns, those of the last one that finished. They are plain arrays: assign,
 * clear or push to them freely, the response never comes from them. A custom `processRecord` returns
 * `['success', result, record]` or `['fail', error, record]`, and that is the record's outcome. `prepare(run)` and
 * `clean(run)` also get the run's read-only view, whose `outcome()` is the engine's own.
 *
 * @example
 * ```ts
 * class AuditingProcessor extends BasePartialProcessor {
 *   override async clean() { await audit(this.successMessages); }
 * }
 * ```
 */
export abstract class BasePartialProcessor extends InvocationFields {
  /** @internal */
  readonly logger: BatchLogger;
  /** FIFO rules used when a call does not say (`'auto'`: from the queue ARN). */
  protected defaultFifo: FifoMode = 'auto';
  /** What plugs into this processor's runs (SQS features, legacy deletes): set by the built-in processors. */
  protected readonly extensions: RunExtension[] = [];
  /** @internal Which extension points this class overrides, read once. */
  readonly custom: StepHost['custom'];
  private readonly scheduling: SchedulingOptions;
  private pending: PendingRun | undefined;
  private lastRun: RunView | undefined;

  constructor(
    /** The source this processor accepts; `undefined` accepts every source and dispatches by `eventSource`. */
    readonly eventType: EventType | undefined,
    options: BaseProcessorOptions = {},
  ) {
    super();
    this.scheduling = checkProcessorOptions(eventType, options, this.acceptedOptions(), `the ${new.target.name} constructor`);
    const { logger, extensions = [] } = options;
    this.logger = logger === undefined ? consoleLogger : guardLogger(logger);
    this.extensions.push(...extensions);
    this.custom = overriddenSteps(this, BasePartialProcessor.prototype);
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
    const result = await this.execute(records, invoker, options);
    this.conclude(result, options);
    return result.results;
  }

  /** Processes the registered batch synchronously (see {@link process}). */
  processSync(): ProcessResult[] {
    const { records, handler, options } = this.takePending();
    const invoker = this.invokerFor(handler);
    if (isThenable(invoker)) {
      silence(invoker);
      throw new AsyncHandlerError(
        'This processor prepares its handler asynchronously (a DTO with BatchProcessor): use process(), or BatchProcessorSync.',
      );
    }
    const result = this.executeSync(records, invoker, options);
    this.conclude(result, options);
    return result.results;
  }

  /** The partial batch response of the last finished run (a fresh object on every call). */
  response(): PartialBatchResponse {
    return this.lastRun?.response() ?? { batchItemFailures: [] };
  }

  /**
   * Runs one batch in its own run and returns its outcome; never throws for record failures.
   * Overlapping calls on one processor are independent.
   */
  execute(records: readonly BatchRecord[], invoke: RecordInvoker, options: ProcessOptions = {}, observe?: SettleObserver) {
    return this.run(records, invoke, options, observe, false) as Promise<RunResult>;
  }

  /**
   * The synchronous twin of {@link execute}: handlers, hooks, `prepare` and `clean` must not return promises.
   * A handler that returns one fails its record with `AsyncHandlerError` (never a silent success).
   */
  executeSync(records: readonly BatchRecord[], invoke: RecordInvoker, options: ProcessOptions = {}, observe?: SettleObserver) {
    return this.run(records, invoke, options, observe, true) as RunResult;
  }

  /**
   * The verdict after a run: throws when the invocation must fail (by default `FullBatchFailureError` when every
   * record failed and `throwOnFullBatchFailure` is on; in legacy mode `SqsBatchProcessingError`). Read from the run,
   * never from what hooks were handed. Both `processPartialResponse` and `@BatchHandler` call it.
   */
  conclude(result: RunResult, options: ProcessOptions): void {
    concludeRun(this.extensions, result.run, options);
  }

  /** Extension point: runs before the first record of each invocation. */
  prepare(_run?: RunView): void | Promise<void> {}

  /** Extension point: runs after the last record and the hooks of each invocation. */
  clean(_run?: RunView): void | Promise<void> {}

  /** Extension point: runs one record and returns its tuple. The default calls `this.handler`, then `successHandler` or `failureHandler`. */
  async processRecord(record: BatchRecord, _context?: RecordContext): Promise<ProcessResult> {
    let result: unknown;
    try {
      result = await this.handler(record);
    } catch (error) {
      return this.failureHandler(record, toError(error));
    }
    return this.successHandler(record, result);
  }

  /** Extension point for synchronous processing: runs one record and returns its tuple. */
  processRecordSync(record: BatchRecord, _context?: RecordContext): ProcessResult {
    let result: unknown;
    try {
      result = this.handler(record);
    } catch (error) {
      return this.failureHandler(record, toError(error));
    }
    if (!isThenable(result)) return this.successHandler(record, result);
    silence(result);
    return this.failureHandler(record, AsyncHandlerError.forRecordHandler());
  }

  /** Extension point: a record succeeded. The default adds it to `successMessages`. */
  successHandler(record: BatchRecord, result: unknown, context?: RecordContext): SuccessResult {
    this.current().addSuccess(record, context);
    return ['success', result, record];
  }

  /** Extension point: a record failed. The default adds it to `failureMessages` and its error to `errors`. */
  failureHandler(record: BatchRecord, error: Error, context?: RecordContext): FailureResult {
    this.current().addFailure(record, error, context);
    return ['fail', errorFields(error).errorMessage, record];
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

  /** The option keys this processor's constructor takes; a subclass with options of its own adds them. */
  protected acceptedOptions(): readonly string[] {
    return BASE_PROCESSOR_KEYS;
  }

  /** The processor's defaults a call's options are resolved over. */
  protected runDefaults(): RunDefaults {
    return { ...this.scheduling, fifo: this.defaultFifo };
  }

  /**
   * @internal {@link execute} for callers that read only the response of the run (`processPartialResponse`, a
   * `@BatchHandler` whose method takes no outcome): the successes' results are then not kept, unless code of the
   * processor's own can still read them. A subclass's own `execute` is called as it is.
   */
  executeForResponse(records: readonly BatchRecord[], invoke: RecordInvoker, options: ProcessOptions, observe?: SettleObserver) {
    if (this.execute !== BasePartialProcessor.prototype.execute) return this.execute(records, invoke, options, observe);
    return this.run(records, invoke, options, observe, false, false) as Promise<RunResult>;
  }

  /** @internal The synchronous twin of {@link executeForResponse}. */
  executeForResponseSync(records: readonly BatchRecord[], invoke: RecordInvoker, options: ProcessOptions) {
    if (this.executeSync !== BasePartialProcessor.prototype.executeSync) return this.executeSync(records, invoke, options);
    return this.run(records, invoke, options, undefined, true, false) as RunResult;
  }

  private run(
    records: readonly BatchRecord[],
    invoke: RecordInvoker,
    options: ProcessOptions,
    observe: SettleObserver | undefined,
    sync: boolean,
    resultsRead = true,
  ): RunResult | Promise<RunResult> {
    const request: ProcessorRunRequest = {
      host: this,
      eventType: this.eventType,
      extensions: this.extensions,
      defaults: this.runDefaults(),
      records,
      invoke,
      options,
      observe,
      resultsRead,
      completed: (invocation, run) => {
        this.last = invocation;
        this.lastRun = run;
      },
    };
    return sync ? runProcessor(request, true) : runProcessor(request, false);
  }
}
