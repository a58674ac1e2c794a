import { toError } from '../errors/NonErrorThrownError.js';
import { TimeBudgetExceededError } from '../errors/TimeBudgetExceededError.js';
import type { Run, Verdict } from './Run.js';
import type { RecordContextImpl } from './recordContext.js';

/** Runs one record and reports how it ended; a promise when it does not end synchronously. Never throws. */
export type RecordStep = (context: RecordContextImpl) => Verdict | PromiseLike<Verdict>;

/** Tells the processor about a record the engine failed without running it (blocked, or out of time). */
export type SkipNotice = (context: RecordContextImpl, error: Error) => void;

/** What the loops need to run records. */
export interface RecordRunner {
  run: Run;
  contexts: readonly RecordContextImpl[];
  step: RecordStep;
  skipped: SkipNotice;
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
 * it), then the run closes, so whatever settles later is dropped.
 */
export function expire(runner: RecordRunner, started: (index: number) => boolean): void {
  const { run } = runner;
  for (const context of runner.contexts) {
    if (run.hasOutcome(context.index)) continue;
    const error = new TimeBudgetExceededError(context.itemIdentifier, started(context.index));
    run.fail(context, error, false);
    runner.skipped(context, error);
  }
  run.close(new TimeBudgetExceededError(undefined, false));
}
