import { errorFields } from '../logging/errorFields.js';
import type { BatchLogger, RecordFailure, RecordSuccess } from '../types.js';
import type { Run } from './Run.js';
import { isThenable, requireSync } from './thenable.js';

type Settled = RecordSuccess | RecordFailure;

/** Called once per record after the records ran, in input order, with a copy of its outcome (hooks, logging). */
export type SettleObserver = ((settled: Settled) => unknown) & { readonly [FAILURES_ONLY]?: true };

const FAILURES_ONLY = Symbol('batchkit:failuresOnly');

/** Marks an observer that does nothing for successes: the engine then calls it for failures only. */
export function failuresOnly(observe: (settled: Settled) => unknown): SettleObserver {
  return Object.assign(observe, { [FAILURES_ONLY]: true as const });
}

/** True for an observer marked with {@link failuresOnly}. */
export function observesFailuresOnly(observe: SettleObserver): boolean {
  return observe[FAILURES_ONLY] === true;
}

/** The observer of a run nobody watches (no hook, a logger that writes nothing): the engine skips the calls. */
export const UNOBSERVED: SettleObserver = failuresOnly(() => undefined);

/**
 * Calls the observer for every settled record, in input order, each with its own copy (what a hook does to it
 * changes nothing). An observer that throws or rejects is logged and changes nothing; in a synchronous run, one that
 * returns a promise is logged as an error (its rejection silenced). Stays synchronous while the observer does.
 */
export function notifyAll(run: Run, observe: SettleObserver, logger: BatchLogger, sync: boolean): void | Promise<void> {
  const onlyFailures = observesFailuresOnly(observe);
  if (observe === UNOBSERVED || (onlyFailures && run.counts().failed === 0)) return undefined;
  const count = run.records.length;
  for (let i = 0; i < count; i++) {
    if (onlyFailures && (!run.hasOutcome(i) || run.succeeded(i))) continue;
    const one = run.slotAt(i);
    if (one === undefined) continue;
    const done = call(observe, one, logger, sync);
    if (done !== undefined) return continueAsync(run, i, one, done, observe, logger);
  }
  return undefined;
}

async function continueAsync(
  run: Run,
  from: number,
  current: Settled,
  first: PromiseLike<unknown>,
  observe: SettleObserver,
  logger: BatchLogger,
): Promise<void> {
  try {
    await first;
  } catch (error) {
    logHookError(logger, current, error);
  }
  const onlyFailures = observesFailuresOnly(observe);
  for (let i = from + 1; i < run.records.length; i++) {
    if (onlyFailures && run.succeeded(i)) continue;
    const one = run.slotAt(i);
    if (one === undefined) continue;
    try {
      const done = observe(one);
      if (isThenable(done)) await done;
    } catch (error) {
      logHookError(logger, one, error);
    }
  }
}

/** Calls the observer once with its own copy; returns its promise when it has to be waited for. */
function call(observe: SettleObserver, one: Settled, logger: BatchLogger, sync: boolean): PromiseLike<unknown> | undefined {
  try {
    const done = observe(one);
    if (!isThenable(done)) return undefined;
    if (!sync) return done;
    requireSync(done, 'a record hook');
  } catch (error) {
    logHookError(logger, one, error);
  }
  return undefined;
}

/** Logs a hook that threw; reading the thrown value never throws (its getters may). */
export function logHookError(logger: BatchLogger, settled: { itemIdentifier: string | undefined }, error: unknown): void {
  logger.error('A record hook threw; the record outcome is unchanged', {
    itemIdentifier: settled.itemIdentifier,
    ...errorFields(error),
  });
}
