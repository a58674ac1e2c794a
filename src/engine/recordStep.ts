import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import { toError } from '../errors/NonErrorThrownError.js';
import { TimeBudgetExceededError } from '../errors/TimeBudgetExceededError.js';
import type { BatchRecord } from '../types.js';
import type { Run, Verdict } from './Run.js';
import type { RecordContextImpl } from './recordContext.js';
import { isThenable } from './thenable.js';

/** Runs one record and reports how it ended; a promise when it does not end synchronously. Never throws. */
export type RecordStep = (context: RecordContextImpl) => Verdict | PromiseLike<Verdict>;

/** Tells the processor about a record the engine failed without running it (blocked, or out of time). */
export type SkipNotice = (context: RecordContextImpl, error: Error) => void;

/**
 * A record handler the engine may call itself, when the processor adds nothing around it (no hook of its own): its
 * value is the result, what it throws the error. `sync`: a returned promise fails the record with `AsyncHandlerError`.
 */
export interface DirectStep {
  invoke(record: BatchRecord, context: RecordContextImpl): unknown;
  sync: boolean;
}

/** How a processor's records run: its step, or the record handler called directly. */
export interface RecordSteps {
  step: RecordStep;
  /** When set, the loops call the record handler themselves instead of `step`. */
  direct?: DirectStep;
  skipped: SkipNotice;
}

/** What the loops need to run records. */
export interface RecordRunner extends RecordSteps {
  run: Run;
  /** The records' contexts, when made up front (the scheduler's); otherwise each is made as its record starts. */
  contexts?: readonly RecordContextImpl[];
}

/** The context of the record at `index`: the runner's own, or the run's. */
export function contextOf(runner: RecordRunner, index: number): RecordContextImpl {
  return runner.contexts?.[index] ?? runner.run.contextAt(index);
}

/**
 * Starts one record: fails it at once when it may not run (its own problem, or `onError`), else runs its step.
 * Returns the step's pending verdict, or `undefined` when the record has its outcome already.
 */
export function begin(runner: RecordRunner, context: RecordContextImpl): PromiseLike<Verdict> | undefined {
  const { run } = runner;
  run.markStarted(context.index);
  const blocked = run.blocked(context);
  if (blocked !== undefined) {
    run.fail(context, blocked, false);
    runner.skipped(context, blocked);
    return undefined;
  }
  if (runner.direct !== undefined) return callDirect(run, runner.direct, context);
  let verdict: Verdict | PromiseLike<Verdict>;
  try {
    verdict = runner.step(context);
  } catch (error) {
    verdict = { ok: false, error: toError(error), ran: false };
  }
  if (typeof (verdict as PromiseLike<Verdict>).then === 'function') return verdict as PromiseLike<Verdict>;
  run.record(context, verdict as Verdict);
  return undefined;
}

/** Calls the record handler itself and records how it ended (no verdict object for what ends synchronously). */
function callDirect(run: Run, direct: DirectStep, context: RecordContextImpl): PromiseLike<Verdict> | undefined {
  let value: unknown;
  try {
    value = direct.invoke(run.records[context.index] as BatchRecord, context);
  } catch (error) {
    run.fail(context, toError(error), true);
    return undefined;
  }
  if (!isThenable(value)) {
    run.succeed(context, value);
    return undefined;
  }
  if (direct.sync) {
    Promise.resolve(value).then(undefined, () => {});
    run.fail(context, AsyncHandlerError.forRecordHandler(), true);
    return undefined;
  }
  return Promise.resolve(value).then(
    (result): Verdict => ({ ok: true, result }),
    (error: unknown): Verdict => ({ ok: false, error: toError(error), ran: true }),
  );
}

/**
 * Records a verdict that arrived; a step whose promise rejected, or resolved without a verdict, fails its record
 * (never a stray rejection, never a silent success).
 */
export function settle(runner: RecordRunner, context: RecordContextImpl, verdict: Verdict | undefined, error: unknown): void {
  const { run } = runner;
  if (verdict !== undefined && error === undefined) run.record(context, verdict);
  else run.fail(context, toError(error ?? new Error('the record step rejected')), false);
}

/**
 * At the deadline: every record without an outcome fails with `TimeBudgetExceededError` (and the processor hears of
 * it), then the run closes, so whatever settles later is dropped. `running`: the context of the record still
 * running, when the loop holds it.
 */
export function expire(runner: RecordRunner, started: (index: number) => boolean, running?: RecordContextImpl): void {
  const { run } = runner;
  for (let index = 0; index < run.records.length; index++) {
    if (run.hasOutcome(index)) continue;
    const context = running?.index === index ? running : contextOf(runner, index);
    const error = new TimeBudgetExceededError(context.itemIdentifier, started(index));
    run.fail(context, error, false);
    runner.skipped(context, error);
  }
  run.close(new TimeBudgetExceededError(undefined, false));
}
