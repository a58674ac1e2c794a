import type { SQSRecord } from 'aws-lambda';
import { SqsFifoRequeuedError } from '../errors/SqsFifoRequeuedError.js';
import { type ProcessingRun, RecordContextImpl } from '../processing/ProcessingRun.js';
import type { RecordFailure } from '../types.js';
import { isSqs } from './perQueue.js';

/**
 * SQS FIFO: poison records do not stop their batch or group because they are expected to leave for the DLQ. Those
 * that could not be moved go back to the queue, so every later record they would have stopped (the rest of the batch,
 * or of the group with `onError: 'skip-group'`) that succeeded goes back too, after them, with `SqsFifoRequeuedError`:
 * a duplicate delivery rather than a broken order.
 */
export function requeueBehind(run: ProcessingRun, stuck: readonly RecordFailure[]): void {
  const { fifo, onError } = run.settings;
  if (!fifo || onError === 'continue' || stuck.length === 0) return;
  const perGroup = onError === 'skip-group';
  for (const settled of run.settled()) {
    if ('error' in settled || !isSqs(settled)) continue;
    const group = groupOf(settled.record);
    const blocker = stuck.find(
      (failure) =>
        failure.index < settled.index && (!perGroup || (group !== undefined && groupOf(failure.record as SQSRecord) === group)),
    );
    if (blocker === undefined) continue;
    const context = new RecordContextImpl(run, settled.record, settled.index);
    run.fail(context, settled.record, new SqsFifoRequeuedError(blocker.itemIdentifier), true);
  }
}

function groupOf(record: SQSRecord): string | undefined {
  const group = record.attributes?.MessageGroupId;
  return typeof group === 'string' && group !== '' ? group : undefined;
}
