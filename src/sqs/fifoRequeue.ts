import { SqsFifoRequeuedError } from '../errors/SqsFifoRequeuedError.js';
import type { ProcessingRun } from '../processing/ProcessingRun.js';
import type { RecordFailure } from '../types.js';

/**
 * SQS FIFO: poison records do not stop their batch or group because they are expected to leave for the DLQ. Those
 * that could not be moved go back to the queue, so the engine fails every later success they would have stopped
 * (the rest of the batch, or of the group with `onError: 'skip-group'`) with `SqsFifoRequeuedError`: a duplicate
 * delivery rather than a broken order.
 */
export function requeueBehind(run: ProcessingRun, stuck: readonly RecordFailure[]): void {
  if (!run.settings.fifo) return;
  run.failBehind(stuck, (blocker) => new SqsFifoRequeuedError(blocker.itemIdentifier));
}
