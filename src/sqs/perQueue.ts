import type { SQSRecord } from 'aws-lambda';
import type { SqsEntryFailure } from '../errors/SqsBatchProcessingError.js';
import type { RecordFailure, RecordSuccess } from '../types.js';
import type { BatchCallResult } from './client/batchCall.js';
import { isTransient } from './client/batchCall.js';
import { parseQueueArn, type QueueArn } from './client/queueArn.js';
import type { SqsClientPool, SqsConnection } from './client/SqsClientPool.js';

/** A settled SQS record. */
export type SettledSqs = (RecordSuccess | RecordFailure) & { record: SQSRecord };

/** A queue the records came from, with its client (`queueUrlOf` gives its URL). */
export interface QueueTarget {
  connection: SqsConnection;
  queue: QueueArn;
}

/**
 * Runs `work` once per source queue (records grouped by `eventSourceARN`; a batch normally has one). A queue that
 * cannot be resolved, or work that throws, fails every entry of that queue: the caller decides what that means.
 */
export async function perQueue<T extends SettledSqs>(
  pool: SqsClientPool,
  settled: readonly T[],
  work: (target: QueueTarget, items: T[]) => Promise<BatchCallResult>,
): Promise<BatchCallResult> {
  const groups = new Map<string, T[]>();
  for (const item of settled) {
    const key = String(item.record.eventSourceARN);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  const results = await Promise.all(
    [...groups.entries()].map(async ([arn, items]): Promise<BatchCallResult> => {
      const queue = parseQueueArn(arn);
      if (queue === undefined) return failAll(items, 'InvalidQueueArn', `"${arn}" is not an SQS queue ARN.`, true);
      try {
        const connection = await pool.forRegion(queue.region);
        return await work({ connection, queue }, items);
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        const message = error instanceof Error ? error.message : String(error);
        return failAll(items, typeof name === 'string' ? name : 'Error', message, !isTransient(error));
      }
    }),
  );
  return {
    succeeded: results.flatMap((r) => r.succeeded).sort((a, b) => a - b),
    failed: results.flatMap((r) => r.failed).sort((a, b) => a.index - b.index),
  };
}

/** Every item failed for the same reason. */
export function failAll(items: readonly SettledSqs[], code: string, message: string, senderFault: boolean): BatchCallResult {
  const failed: SqsEntryFailure[] = items.map((item) => ({
    itemIdentifier: item.itemIdentifier,
    index: item.index,
    code,
    message,
    senderFault,
  }));
  return { succeeded: [], failed };
}

/** True for an SQS record's settled outcome. */
export function isSqs<T extends RecordSuccess | RecordFailure>(settled: T): settled is T & { record: SQSRecord } {
  return settled.eventType === 'SQS';
}
