import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { SqsEntryFailure } from '../../errors/SqsBatchProcessingError.js';
import type { BatchLogger, RecordFailure } from '../../types.js';
import {
  type BatchCallPolicy,
  type BatchCallResult,
  type BatchItem,
  callInBatches,
  DEFAULT_POLICY,
  entryId,
} from '../client/batchCall.js';
import type { SqsClientPool, SqsConnection } from '../client/SqsClientPool.js';
import { failAll, perQueue } from '../perQueue.js';
import {
  type DeadLetterCopy,
  deadLetterCopy,
  failureNote,
  MAX_MESSAGE_BYTES,
  type NoteOmitted,
  withoutNote,
} from './deadLetterCopy.js';
import { type DeadLetterQueue, deadLetterQueueOf } from './deadLetterQueue.js';

type PoisonFailure = RecordFailure & { record: SQSRecord };
/** A poison record and the copy to send for it. */
type Pending = { failure: PoisonFailure; copy: DeadLetterCopy };

/** `SendMessageBatch` takes at most ten messages and 1 MiB (all messages together) per call. */
const BATCHES: BatchCallPolicy = { ...DEFAULT_POLICY, maxBytes: MAX_MESSAGE_BYTES };
/** The second try of copies refused as too large: one per call, since the first call may have been refused whole. */
const ONE_BY_ONE: BatchCallPolicy = { ...BATCHES, maxEntries: 1 };

const OMITTED_BECAUSE: Record<NoteOmitted, string> = {
  attributeCount: 'it already has 10 attributes',
  size: 'the copy with it would exceed the message size limit',
};

/**
 * Sends copies of these poison messages to their queue's DLQ with `SendMessageBatch`, in calls of at most ten copies
 * and 1 MiB. A copy the DLQ refuses as too large (a DLQ with a smaller `MaximumMessageSize`) is sent once more,
 * alone, without `batchkit.failure`. `succeeded` lists the records that are now in the DLQ; every other one stays an
 * ordinary failure and is retried, so nothing is lost.
 */
export function sendToDeadLetterQueue(
  pool: SqsClientPool,
  failures: readonly PoisonFailure[],
  explicitUrl: string | undefined,
  logger: BatchLogger,
): Promise<BatchCallResult> {
  return perQueue(pool, failures, async ({ connection, queue }, items) => {
    const dlq = await deadLetterQueueOf(connection, queue, explicitUrl);
    if (dlq === undefined) {
      return failAll(items, 'NoDeadLetterQueue', `Queue ${queue.arn} has no RedrivePolicy and no dlqUrl was given.`, true);
    }
    const copies = new Map<number, Pending>(
      items.map((failure) => [failure.index, { failure, copy: deadLetterCopy(failure, dlq.fifo) }]),
    );
    const pending = (index: number) => copies.get(index) as Pending;
    const first = await send(connection, dlq, [...copies.values()], BATCHES);
    const refused = first.failed.filter((f) => isSizeError(f) && copies.get(f.index)?.copy.annotated === true);
    const retried = new Set(refused.map((f) => f.index));
    for (const index of retried) pending(index).copy = withoutNote(pending(index).copy);
    const second = await send(connection, dlq, [...retried].map(pending), ONE_BY_ONE);
    const result: BatchCallResult = {
      succeeded: [...first.succeeded, ...second.succeeded].sort((a, b) => a - b),
      failed: [...first.failed.filter((f) => !retried.has(f.index)), ...second.failed].sort((a, b) => a.index - b.index),
    };
    for (const index of result.succeeded) {
      const { failure, copy } = pending(index);
      if (copy.noteOmitted === undefined) continue;
      logger.error(
        `Poison message copied to the DLQ without the batchkit.failure attribute: ${OMITTED_BECAUSE[copy.noteOmitted]}`,
        {
          itemIdentifier: failure.itemIdentifier,
          ...failureNote(failure),
        },
      );
    }
    return result;
  });
}

/** Sends the copies in calls as the policy says. */
function send(
  connection: SqsConnection,
  dlq: DeadLetterQueue,
  copies: readonly Pending[],
  policy: BatchCallPolicy,
): Promise<BatchCallResult> {
  if (copies.length === 0) return Promise.resolve({ succeeded: [], failed: [] });
  const entries: BatchItem<SendMessageBatchRequestEntry>[] = copies.map(({ failure, copy }) => {
    const { annotated, noteOmitted, size, ...message } = copy;
    return {
      entry: { Id: entryId(failure.index), ...message },
      index: failure.index,
      itemIdentifier: failure.itemIdentifier,
      size,
    };
  });
  const { sdk, client } = connection;
  return callInBatches(
    entries,
    (Entries) => client.send(new sdk.SendMessageBatchCommand({ QueueUrl: dlq.url, Entries })),
    policy,
  );
}

/**
 * SQS refused the copy (or its whole call) as too large: `BatchRequestTooLong` for the call, and for one entry
 * `InvalidParameterValue` "Message must be shorter than … bytes" (the DLQ's `MaximumMessageSize`).
 */
export function isSizeError(failure: Pick<SqsEntryFailure, 'code' | 'message'>): boolean {
  if (/BatchRequestTooLong|MessageTooLong/i.test(failure.code)) return true;
  return /InvalidParameterValue/i.test(failure.code) && /shorter than|too long|message size/i.test(failure.message);
}
