import { failuresOnly, type SettleObserver, UNOBSERVED } from '../engine/observers.js';
import { silentLogger } from '../logging/consoleLogger.js';
import { describeFailure } from '../logging/describeFailure.js';
import type { BatchLogger } from '../types.js';

/** The observer of runs without hooks: each failure logged once, with identifier and error, never the body. */
export function failureLogger(logger: BatchLogger): SettleObserver {
  if (logger === silentLogger) return UNOBSERVED;
  return failuresOnly((settled) => {
    if ('error' in settled) logger.error('Record failed', describeFailure(settled));
  });
}
