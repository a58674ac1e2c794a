// The front doors of the ordering suite: each one runs a batch through one public entry point (procedural or
// decorator) and reports what it saw in the same shape, so one table of cases can run through all of them.
import type { Context } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  batchResponse,
  type EventType,
  FullBatchFailureError,
  type PartialBatchResponse,
  type ProcessOptions,
  type ProcessResult,
  processPartialResponse,
  processPartialResponseSync,
  type RecordContext,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';

/** The options the cases vary, given per call, to the processor constructor or to `@BatchHandler`. */
export type Options = Pick<ProcessOptions, 'onError' | 'skipGroupOnError' | 'fifo' | 'throwOnFullBatchFailure' | 'concurrency'>;

/** How a batch is processed: its source, whether `SqsFifoPartialProcessor` runs it, and the options. */
export interface Setup {
  eventType: EventType;
  /** Run it through `SqsFifoPartialProcessor` (FIFO rules forced on) instead of `BatchProcessor(eventType)`. */
  fifoProcessor?: boolean;
  options?: Options;
}

/** What a front door saw: the response, what was thrown, and which records its hooks or fields reported. */
export interface Seen {
  response: PartialBatchResponse;
  /** The `FullBatchFailureError` the call threw (its `response` is `response` above), if it threw one. */
  fullBatchFailure?: FullBatchFailureError;
  /** The records reported as successes (with the index reported, if any), in the order they were reported. */
  successes: { record: BatchRecord; index?: number }[];
  /** The records reported as failures, with their errors, in the order they were reported. */
  failures: { record: BatchRecord; index?: number; error: Error; retryable?: boolean }[];
  /** `@BatchHandler`: the outcome its method was given. */
  outcome?: BatchOutcome;
  /** The lists come from `successHandler` / `failureHandler`, called as each record settles (docs/concurrency.md). */
  settleOrder?: boolean;
  /** `register` + `process()`: the result tuples. */
  results?: ProcessResult[];
}

/** One public way in: a name for the test title, which setups it can express, and how it runs a batch. */
export interface Door {
  name: string;
  sync: boolean;
  accepts(setup: Setup): boolean;
  run(records: BatchRecord[], handle: (record: BatchRecord) => unknown, setup: Setup): Promise<Seen>;
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin takes any constructor
type ProcessorClass = new (...args: any[]) => BatchProcessor;

/** `Base` with `successHandler` and `failureHandler` overridden to note every call (then do the default). */
function noting<T extends ProcessorClass>(Base: T) {
  return class extends Base {
    readonly noted: Pick<Seen, 'successes' | 'failures'> = { successes: [], failures: [] };
    override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
      this.noted.successes.push({ record, index: context?.index });
      return super.successHandler(record, result, context);
    }
    override failureHandler(record: BatchRecord, error: Error, context?: RecordContext) {
      this.noted.failures.push({ record, index: context?.index, error });
      return super.failureHandler(record, error, context);
    }
  };
}
const NotingBatchProcessor = noting(BatchProcessor);
const NotingFifoProcessor = noting(SqsFifoPartialProcessor);
const NotingSyncProcessor = noting(BatchProcessorSync);

/** The processor of a setup, with `options` given to its constructor. */
function processorOf(setup: Setup, options: Options = {}): BatchProcessor {
  const all = { logger: silentLogger, ...options };
  return setup.fifoProcessor ? new SqsFifoPartialProcessor(all) : new BatchProcessor(setup.eventType, all);
}

/** The processor of a setup, noting its `successHandler` and `failureHandler` calls. */
function notingProcessorOf(setup: Setup) {
  const options = { logger: silentLogger };
  return setup.fifoProcessor ? new NotingFifoProcessor(options) : new NotingBatchProcessor(setup.eventType, options);
}

/** What a processor's Powertools-style fields show after its run. */
function fieldsOf(processor: BatchProcessor): Pick<Seen, 'successes' | 'failures'> {
  return {
    successes: processor.successMessages.map((record) => ({ record: record as BatchRecord })),
    failures: processor.failureMessages.map((record, i) => ({
      record: record as BatchRecord,
      error: processor.errors[i] as Error,
    })),
  };
}

/** The response of a call, or that of the `FullBatchFailureError` it threw (any other error is rethrown). */
async function settle(call: () => PartialBatchResponse | Promise<PartialBatchResponse>) {
  try {
    return { response: await call() };
  } catch (error) {
    if (!(error instanceof FullBatchFailureError)) throw error;
    return { response: error.response, fullBatchFailure: error };
  }
}

const perCall: Door = {
  name: 'processPartialResponse, options per call (failureHandler notes)',
  sync: false,
  accepts: () => true,
  async run(records, handle, setup) {
    const processor = notingProcessorOf(setup);
    const settled = await settle(() => processPartialResponse({ Records: records }, handle, processor, setup.options));
    return { ...settled, ...processor.noted, settleOrder: true };
  },
};

const constructorOptions: Door = {
  name: 'processPartialResponse, options on the processor (its fields)',
  sync: false,
  accepts: (setup) => {
    const keys = Object.keys(setup.options ?? {});
    return keys.length > 0 && keys.every((key) => key === 'onError' || key === 'concurrency');
  },
  async run(records, handle, setup) {
    const processor = processorOf(setup, setup.options);
    const settled = await settle(() => processPartialResponse({ Records: records }, handle, processor));
    return { ...settled, ...fieldsOf(processor) };
  },
};

const registerProcess: Door = {
  name: 'register + process() (its fields and results)',
  sync: false,
  accepts: () => true,
  async run(records, handle, setup) {
    const processor = processorOf(setup);
    processor.register(records, handle, setup.options);
    let results: ProcessResult[] | undefined;
    const settled = await settle(async () => {
      results = await processor.process();
      return processor.response();
    });
    return { ...settled, ...fieldsOf(processor), results };
  },
};

const decorated: Door = {
  name: '@BatchHandler with the options + @RecordHandler (onSuccess / onFailure)',
  sync: false,
  accepts: () => true,
  async run(records, handle, setup) {
    const seen: Pick<Seen, 'successes' | 'failures' | 'outcome'> = { successes: [], failures: [] };
    const processor = setup.fifoProcessor ? { processor: new SqsFifoPartialProcessor({ logger: silentLogger }) } : {};
    class Handler {
      @RecordHandler(setup.eventType, { dto: false })
      handle(record: BatchRecord) {
        return handle(record);
      }
      @BatchHandler({ logger: silentLogger, ...processor, ...setup.options })
      async handler(event: { Records: BatchRecord[] }, context?: Context, outcome?: BatchOutcome): Promise<PartialBatchResponse> {
        seen.outcome = outcome;
        return batchResponse();
      }
      onSuccess({ record, index }: RecordSuccess) {
        seen.successes.push({ record, index });
      }
      onFailure({ record, index, error, retryable }: RecordFailure) {
        seen.failures.push({ record, index, error, retryable });
      }
    }
    const settled = await settle(() => new Handler().handler({ Records: records }));
    return { ...settled, ...seen };
  },
};

const synchronous: Door = {
  name: 'processPartialResponseSync + BatchProcessorSync (failureHandler notes)',
  sync: true,
  accepts: (setup) => !setup.fifoProcessor && (setup.options?.concurrency ?? 1) === 1,
  async run(records, handle, setup) {
    const processor = new NotingSyncProcessor(setup.eventType, { logger: silentLogger });
    const settled = await settle(() => processPartialResponseSync({ Records: records }, handle, processor, setup.options));
    return { ...settled, ...processor.noted, settleOrder: true };
  },
};

/** Every front door, the procedural ones first. */
export const DOORS: readonly Door[] = [perCall, constructorOptions, registerProcess, decorated, synchronous];

/** The doors that take an async record handler. */
export const ASYNC_DOORS: readonly Door[] = DOORS.filter((door) => !door.sync);
