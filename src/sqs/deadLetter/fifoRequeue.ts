import type { RunAmendments, RunView } from '../../engine/extension.js';
import { SqsFifoRequeuedError } from '../../errors/SqsFifoRequeuedError.js';
import type { RecordFailure } from '../../types.js';

/**
 * SQS FIFO: poison records do not stop their batch or group because they are expected to leave for the DLQ. Those
 * that could not be moved go back to the queue, so every later success they would have stopped (the rest of the
 * batch, or of the group with `onError: 'skip-group'`) fails with `SqsFifoRequeuedError`: a duplicate delivery
 * rather than a broken order.
 */
export function requeueBehind(view: RunView, amend: RunAmendments, stuck: readonly RecordFailure[]): void {
  if (!view.settings.fifo) return;
  amend.failBehind(stuck, (blocker) => new SqsFifoRequeuedError(blocker.itemIdentifier));
}
