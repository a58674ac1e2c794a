import type { Verdict } from './Run.js';
import type { RecordContextImpl } from './recordContext.js';
import { begin, contextOf, expire, type RecordRunner, settle } from './recordStep.js';
import { atDeadline, pastDeadline } from './timeBudget.js';

const DEADLINE = Symbol('deadline');

interface Pending {
  context: RecordContextImpl;
  verdict: PromiseLike<Verdict>;
}

/**
 * The one in-order loop, for synchronous and asynchronous runs alike: one record after another, in input order,
 * none started after the deadline. It stays synchronous while the records end synchronously (a synchronous run
 * never waits), and continues asynchronously from the first record that returns a promise. A record still running
 * at the deadline is failed without being awaited (one timer per run, armed by the first wait).
 */
export function runInOrder(runner: RecordRunner): void | Promise<void> {
  const pending = advance(runner, 0);
  return pending === undefined ? undefined : continueAsync(runner, pending);
}

/** Runs records from `from` until one has to be waited for (returned) or the batch is done. */
function advance(runner: RecordRunner, from: number): Pending | undefined {
  const { run } = runner;
  const { deadline } = run.settings;
  const count = run.records.length;
  for (let index = from; index < count; index++) {
    if (pastDeadline(deadline)) {
      expire(runner, (i) => i < index);
      return undefined;
    }
    const context = contextOf(runner, index);
    const verdict = begin(runner, context);
    if (verdict !== undefined) return { context, verdict };
  }
  return undefined;
}

async function continueAsync(runner: RecordRunner, first: Pending): Promise<void> {
  const { deadline } = runner.run.settings;
  let reached: Promise<typeof DEADLINE> | undefined;
  let cancel: (() => void) | undefined;
  try {
    for (let pending: Pending | undefined = first; pending !== undefined; ) {
      const { context } = pending;
      let verdict: Verdict | typeof DEADLINE | undefined;
      let error: unknown;
      try {
        if (deadline === undefined) verdict = await pending.verdict;
        else {
          reached ??= new Promise((resolve) => {
            cancel = atDeadline(deadline, () => resolve(DEADLINE));
          });
          verdict = await Promise.race([pending.verdict, reached]);
        }
      } catch (thrown) {
        error = thrown ?? new Error('the record step rejected');
      }
      if (verdict === DEADLINE) {
        const cutOff = context.index;
        Promise.resolve(pending.verdict).then(undefined, () => {}); // settles after the run: dropped
        expire(runner, (i) => i <= cutOff, context);
        return;
      }
      settle(runner, context, verdict, error);
      pending = advance(runner, context.index + 1);
    }
  } finally {
    cancel?.();
  }
}
