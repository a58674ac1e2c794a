import { errorFields } from '../logging/errorFields.js';
import type { BatchLogger, RecordFailure, RecordSuccess } from '../types.js';
import type { Run } from './Run.js';
import { isThenable, requireSync } from './thenable.js';

type Settled = RecordSuccess | RecordFailure;

/** Called once per record after the records ran, in input order, with a copy of its outcome (hooks, logging). */
export type SettleObserver = (settled: Settled) => unknown;

/**
 * Calls the observer for every settled record, in input order, each with its own copy (what a hook does to it
 * changes nothing). An observer that throws or rejects is logged and changes nothing; in a synchronous run, one that
 * returns a promise is logged as an error (its rejection silenced). Stays synchronous while the observer does.
 */
export function notifyAll(run: Run, observe: SettleObserver, logger: BatchLogger, sync: boolean): void | Promise<void> {
  const settled = run.settled();
  for (let i = 0; i < settled.length; i++) {
    const one = settled[i] as Settled;
    const done = call(observe, one, logger, sync);
    if (done !== undefined) return continueAsync(settled, i, done, observe, logger);
  }
  return undefined;
}

async function continueAsync(
  settled: readonly Settled[],
  from: number,
  first: PromiseLike<unknown>,
  observe: SettleObserver,
  logger: BatchLogger,
): Promise<void> {
  try {
    await first;
  } catch (error) {
    logHookError(logger, settled[from] as Settled, error);
  }
  for (let i = from + 1; i < settled.length; i++) {
    const one = settled[i] as Settled;
    try {
      const done = observe({ ...one });
      if (isThenable(done)) await done;
    } catch (error) {
      logHookError(logger, one, error);
    }
  }
}

/** Calls the observer once; returns its promise when it has to be waited for. */
function call(observe: SettleObserver, one: Settled, logger: BatchLogger, sync: boolean): PromiseLike<unknown> | undefined {
  try {
    const done = observe({ ...one });
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
