import { type BatchCallResult, type BatchItem, callInBatches, entryId } from './client/batchCall.js';
import { queueUrlOf } from './client/queueUrls.js';
import type { SqsClientPool } from './client/SqsClientPool.js';
import { perQueue, type SettledSqs } from './perQueue.js';

/**
 * Deletes these messages with `DeleteMessageBatch` (at most 10 per call, `Failed` entries read and retried when not
 * the sender's fault). A delete that never succeeds means a duplicate delivery later, never a lost message.
 */
export function deleteMessages(pool: SqsClientPool, settled: readonly SettledSqs[]): Promise<BatchCallResult> {
  return perQueue(pool, settled, async ({ connection, queue }, items) => {
    const { sdk, client } = connection;
    const url = await queueUrlOf(connection, queue);
    const entries: BatchItem<{ Id: string; ReceiptHandle: string }>[] = [];
    const missing: BatchCallResult = { succeeded: [], failed: [] };
    for (const item of items) {
      const handle = item.record.receiptHandle;
      if (typeof handle === 'string' && handle !== '') {
        entries.push({
          entry: { Id: entryId(item.index), ReceiptHandle: handle },
          index: item.index,
          itemIdentifier: item.itemIdentifier,
        });
      } else {
        missing.failed.push({
          itemIdentifier: item.itemIdentifier,
          index: item.index,
          code: 'MissingReceiptHandle',
          message: 'The record has no receiptHandle.',
          senderFault: true,
        });
      }
    }
    const result = await callInBatches(entries, (Entries) =>
      client.send(new sdk.DeleteMessageBatchCommand({ QueueUrl: url, Entries })),
    );
    return { succeeded: result.succeeded, failed: [...missing.failed, ...result.failed] };
  });
}
