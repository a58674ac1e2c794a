import { toError } from '../errors/NonErrorThrownError.js';
import { describeFailure } from '../logging/describeFailure.js';
import type { BatchLogger, RecordFailure, RecordSuccess } from '../types.js';
import type { SettleObserver } from './ProcessingRun.js';
import { isThenable, requireSync } from './thenable.js';

type Settled = RecordSuccess | RecordFailure;

/** The observer of runs without hooks: each failure logged once, with identifier and error, never the body. */
export function failureLogger(logger: BatchLogger): SettleObserver {
  return (settled) => {
    if ('error' in settled) logger.error('Record failed', describeFailure(settled));
  };
}

/** Calls the observer for every settled record, in input order; an observer that throws is logged, nothing else. */
export async function notifyAll(
  observe: SettleObserver | undefined,
  settled: readonly Settled[],
  logger: BatchLogger,
): Promise<void> {
  if (observe === undefined) return;
  for (const one of settled) {
    try {
      const done = observe(one);
      if (isThenable(done)) await done;
    } catch (error) {
      logHookError(logger, one, error);
    }
  }
}

/** The synchronous twin of {@link notifyAll}: an observer returning a promise is logged as an error. */
export function notifyAllSync(observe: SettleObserver | undefined, settled: readonly Settled[], logger: BatchLogger): void {
  if (observe === undefined) return;
  for (const one of settled) {
    try {
      requireSync(observe(one), 'a record hook');
    } catch (error) {
      logHookError(logger, one, error);
    }
  }
}

function logHookError(logger: BatchLogger, settled: Settled, error: unknown): void {
  const { name, message } = toError(error);
  logger.error('A record hook threw; the record outcome is unchanged', {
    itemIdentifier: settled.itemIdentifier,
    errorName: name,
    errorMessage: message,
  });
}
