import type { BatchCallResult, BatchItem } from './client/batchCall.js';
import { callInBatches, entryId } from './client/batchCall.js';
import { queueUrlOf } from './client/queueUrls.js';
import type { SqsClientPool } from './client/SqsClientPool.js';
import { MAX_VISIBILITY_SECONDS, type RetryBackoff } from './options.js';
import { perQueue, type SettledSqs } from './perQueue.js';

/**
 * The visibility timeout for a message that failed on its `attempt`-th delivery (1 = first):
 * `min(maxSeconds, baseSeconds * 2^(attempt - 1))`, whole seconds; with `jitter`, uniform in [half of it, all of it].
 */
export function backoffSeconds(backoff: RetryBackoff, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt, 64) - 1);
  const full = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** exponent, MAX_VISIBILITY_SECONDS);
  const seconds = backoff.jitter === true ? full / 2 + random() * (full / 2) : full;
  return Math.round(seconds);
}

/**
 * Sets each failed message's visibility timeout to its backoff with `ChangeMessageVisibilityBatch`. A change that
 * fails loses nothing: the message just comes back at the queue's own visibility timeout.
 */
export function applyRetryBackoff(
  pool: SqsClientPool,
  failures: readonly SettledSqs[],
  backoff: RetryBackoff,
): Promise<BatchCallResult> {
  return perQueue(pool, failures, async ({ connection, queue }, items) => {
    const entries: BatchItem<{ Id: string; ReceiptHandle: string; VisibilityTimeout: number }>[] = [];
    for (const item of items) {
      const handle = item.record.receiptHandle;
      if (typeof handle !== 'string' || handle === '') continue;
      const attempt = Number(item.record.attributes?.ApproximateReceiveCount);
      entries.push({
        entry: {
          Id: entryId(item.index),
          ReceiptHandle: handle,
          VisibilityTimeout: backoffSeconds(backoff, Number.isInteger(attempt) && attempt > 0 ? attempt : 1),
        },
        index: item.index,
        itemIdentifier: item.itemIdentifier,
      });
    }
    if (entries.length === 0) return { succeeded: [], failed: [] };
    const { sdk, client } = connection;
    const url = await queueUrlOf(connection, queue);
    return callInBatches(entries, (Entries) =>
      client.send(new sdk.ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries })),
    );
  });
}
