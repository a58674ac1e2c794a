import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { BatchLogger, RecordFailure } from '../../types.js';
import { type BatchCallResult, type BatchItem, callInBatches, DEFAULT_POLICY, entryId } from '../client/batchCall.js';
import type { SqsClientPool } from '../client/SqsClientPool.js';
import { failAll, perQueue } from '../perQueue.js';
import { deadLetterCopy, failureNote } from './deadLetterCopy.js';
import { deadLetterQueueOf } from './deadLetterQueue.js';

/** SendMessageBatch accepts at most 256 KiB per call (1 MiB in newer regions: stay with the lower bound). */
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Sends copies of these poison messages to their queue's DLQ with `SendMessageBatch`. `succeeded` lists the records
 * that are now in the DLQ; every other one stays an ordinary failure and is retried, so nothing is lost.
 */
export function sendToDeadLetterQueue(
  pool: SqsClientPool,
  failures: readonly (RecordFailure & { record: SQSRecord })[],
  explicitUrl: string | undefined,
  logger: BatchLogger,
): Promise<BatchCallResult> {
  return perQueue(pool, failures, async ({ connection, queue }, items) => {
    const dlq = await deadLetterQueueOf(connection, queue, explicitUrl);
    if (dlq === undefined) {
      return failAll(items, 'NoDeadLetterQueue', `Queue ${queue.arn} has no RedrivePolicy and no dlqUrl was given.`, true);
    }
    const entries: BatchItem<SendMessageBatchRequestEntry>[] = items.map((failure) => {
      const { annotated, size, ...copy } = deadLetterCopy(failure, dlq.fifo);
      if (!annotated) {
        logger.error('Poison message copied to the DLQ without the batchkit.failure attribute: it already has 10 attributes', {
          itemIdentifier: failure.itemIdentifier,
          ...failureNote(failure),
        });
      }
      return {
        entry: { Id: entryId(failure.index), ...copy },
        index: failure.index,
        itemIdentifier: failure.itemIdentifier,
        size,
      };
    });
    const { sdk, client } = connection;
    return callInBatches(entries, (Entries) => client.send(new sdk.SendMessageBatchCommand({ QueueUrl: dlq.url, Entries })), {
      ...DEFAULT_POLICY,
      maxBytes: MAX_BATCH_BYTES,
    });
  });
}
