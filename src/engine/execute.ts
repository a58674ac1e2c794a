import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import type { BatchLogger, BatchOutcome, BatchRecord, PartialBatchResponse, ProcessResult } from '../types.js';
import type { RunExtension, RunView } from './extension.js';
import { notifyAll, type SettleObserver } from './observers.js';
import { Run } from './Run.js';
import type { RecordSteps } from './recordStep.js';
import { scheduleRecords } from './scheduler.js';
import type { RunSettings } from './settings.js';
import { isThenable, requireSync } from './thenable.js';

/**
 * What one run produced: the partial batch response, the outcome (input order, copies) and the Powertools-style
 * results (both built on first read), and the run's view.
 */
export interface RunResult {
  response: PartialBatchResponse;
  outcome: BatchOutcome;
  readonly results: ProcessResult[];
  run: RunView;
}

/** How a processor takes part in a run: its records' step and its extension points around them. */
export interface RunParticipant {
  /** Before the first record; may return a promise in asynchronous runs. */
  prepare(view: RunView): unknown;
  /** The step of this run's records (or the handler to call directly), and how the processor hears of records the engine fails unrun. */
  steps(run: Run): RecordSteps;
  /** After the hooks, before the result. */
  clean(view: RunView): unknown;
  /** Once the run is complete (the processor mirrors it for inspection). */
  completed?(run: Run): void;
}

/** One invocation's request to the engine. */
export interface RunRequest {
  records: readonly BatchRecord[];
  settings: RunSettings;
  extensions: readonly RunExtension[];
  observe: SettleObserver;
  logger: BatchLogger;
  participant: RunParticipant;
  /** False when nothing reads the successes' results after they ran: the run then does not keep them. */
  keepResults?: boolean;
}

/**
 * Runs one batch, in its own run: prepare, the records (scheduled), the extensions' `afterRecords`, the hooks in
 * input order, clean, then the result. Synchronous runs (`sync`) never wait: extensions that call AWS are refused.
 * Never throws for record failures; throws `MissingItemIdentifierError` rather than leave a failure unreported.
 */
export function executeRun(request: RunRequest, sync: true): RunResult;
export function executeRun(request: RunRequest, sync: false): Promise<RunResult>;
export function executeRun(request: RunRequest, sync: boolean): RunResult | Promise<RunResult> {
  const { records, settings, extensions, observe, logger, participant } = request;
  if (sync) refuseAsyncExtensions(extensions);
  const run = new Run(records, settings, request.keepResults ?? true);
  let result: RunResult | undefined;
  const stages: (() => unknown)[] = [
    () => participant.prepare(run.view),
    () => {
      const steps = participant.steps(run);
      run.skipped = steps.skipped;
      return scheduleRecords({ run, ...steps }, sync);
    },
    ...extensions.filter((e) => e.afterRecords !== undefined).map((e) => () => e.afterRecords?.(run.view, run.amendments)),
    () => notifyAll(run, observe, logger, sync),
    () => participant.clean(run.view),
    () => {
      result = complete(run);
      participant.completed?.(run);
    },
  ];
  const done = runStages(stages, sync);
  if (done === undefined) return result as RunResult;
  return done.then(() => result as RunResult);
}

/** Runs the stages in order, synchronously until one returns a promise; the rest then follow asynchronously. */
function runStages(stages: readonly (() => unknown)[], sync: boolean): Promise<void> | undefined {
  for (let i = 0; i < stages.length; i++) {
    const value = (stages[i] as () => unknown)();
    if (!isThenable(value)) continue;
    if (sync) requireSync(value, 'A run stage');
    return continueStages(stages, i, value);
  }
  return undefined;
}

async function continueStages(stages: readonly (() => unknown)[], from: number, first: PromiseLike<unknown>): Promise<void> {
  await first;
  for (let i = from + 1; i < stages.length; i++) await (stages[i] as () => unknown)();
}

function complete(run: Run): RunResult {
  run.assertReportable();
  let results: ProcessResult[] | undefined;
  return {
    response: run.response(),
    run: run.view,
    outcome: lazyOutcome(run),
    get results() {
      results ??= run.results();
      return results;
    },
  };
}

/** The outcome of a finished run, made on first read of any of its fields (a body that never reads it pays nothing). */
function lazyOutcome(run: Run): BatchOutcome {
  let made: BatchOutcome | undefined;
  const outcome = () => {
    made ??= run.outcome();
    return made;
  };
  return {
    get response() {
      return outcome().response;
    },
    set response(value) {
      outcome().response = value;
    },
    get successes() {
      return outcome().successes;
    },
    set successes(value) {
      outcome().successes = value;
    },
    get failures() {
      return outcome().failures;
    },
    set failures(value) {
      outcome().failures = value;
    },
  };
}

function refuseAsyncExtensions(extensions: readonly RunExtension[]): void {
  const asyncOnly = extensions.filter((extension) => extension.asyncOnly === true);
  if (asyncOnly.length === 0) return;
  throw new InvalidOptionError(
    asyncOnly.map((extension) => extension.name).join(', '),
    'used with the async API (process, processPartialResponse)',
    'a synchronous call',
  );
}
