import type { SqsEntryFailure } from '../../errors/SqsBatchProcessingError.js';

/** One entry of a batch call, tied to the record it is for. */
export interface BatchItem<TEntry extends { Id: string | undefined }> {
  entry: TEntry;
  index: number;
  itemIdentifier: string | undefined;
  /** Bytes the entry adds to the request (for calls with a payload limit). */
  size?: number;
}

/** What the SQS batch APIs answer. */
export interface BatchReply {
  Successful?: { Id?: string | undefined }[] | undefined;
  Failed?:
    | { Id?: string | undefined; SenderFault?: boolean | undefined; Code?: string | undefined; Message?: string | undefined }[]
    | undefined;
}

/** The outcome of a batch call: record indexes that succeeded, and the failures. */
export interface BatchCallResult {
  succeeded: number[];
  failed: SqsEntryFailure[];
}

/** Limits of the SQS batch APIs and the retry policy for faults on the SQS side. */
export interface BatchCallPolicy {
  /** At most this many entries per call (10 for every SQS batch API). */
  maxEntries: number;
  /** At most this many payload bytes per call (SendMessageBatch). */
  maxBytes?: number;
  /** Attempts per entry, the first included. */
  attempts: number;
  /** Delay before the first retry; doubled each time, with jitter. */
  baseDelayMs: number;
  /** Calls in flight at once. */
  parallel: number;
}

export const DEFAULT_POLICY: BatchCallPolicy = { maxEntries: 10, attempts: 3, baseDelayMs: 100, parallel: 4 };

/** Entry ids valid by the SQS rules (alphanumeric, `-`, `_`, at most 80 characters), unique within a call. */
export function entryId(index: number): string {
  return `r${index}`;
}

/**
 * Sends the items in calls of at most `maxEntries` (and `maxBytes`), reads each `Failed` entry, retries the entries
 * that were not the sender's fault (and calls that threw a transient error) with bounded exponential backoff, and
 * reports the rest. An entry the reply does not mention counts as failed.
 */
export async function callInBatches<TEntry extends { Id: string | undefined }>(
  items: readonly BatchItem<TEntry>[],
  call: (entries: TEntry[]) => Promise<BatchReply>,
  policy: BatchCallPolicy = DEFAULT_POLICY,
): Promise<BatchCallResult> {
  const result: BatchCallResult = { succeeded: [], failed: [] };
  const chunks = chunk(items, policy);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const current = chunks[next++] as BatchItem<TEntry>[];
      await callWithRetries(current, call, policy, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(policy.parallel, chunks.length) }, worker));
  result.succeeded.sort((a, b) => a - b);
  result.failed.sort((a, b) => a.index - b.index);
  return result;
}

async function callWithRetries<TEntry extends { Id: string | undefined }>(
  items: BatchItem<TEntry>[],
  call: (entries: TEntry[]) => Promise<BatchReply>,
  policy: BatchCallPolicy,
  result: BatchCallResult,
): Promise<void> {
  let pending = items;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const last = attempt >= policy.attempts;
    const byId = new Map(pending.map((item) => [item.entry.Id, item]));
    const retry: BatchItem<TEntry>[] = [];
    let reply: BatchReply;
    try {
      reply = await call(pending.map((item) => item.entry));
    } catch (error) {
      const transient = isTransient(error);
      if (transient && !last) retry.push(...pending);
      else for (const item of pending) result.failed.push(failureOf(item, errorCode(error), errorMessage(error), !transient));
      pending = retry;
      if (pending.length > 0) await sleep(backoffMs(policy, attempt));
      continue;
    }
    for (const ok of reply.Successful ?? []) {
      const item = byId.get(ok.Id);
      if (item === undefined) continue;
      byId.delete(ok.Id);
      result.succeeded.push(item.index);
    }
    for (const failed of reply.Failed ?? []) {
      const item = byId.get(failed.Id);
      if (item === undefined) continue;
      byId.delete(failed.Id);
      const senderFault = failed.SenderFault !== false;
      if (!senderFault && !last) retry.push(item);
      else result.failed.push(failureOf(item, failed.Code ?? 'Unknown', failed.Message ?? '', senderFault));
    }
    for (const item of byId.values()) result.failed.push(failureOf(item, 'NoResult', 'SQS did not report on this entry.', false));
    pending = retry;
    if (pending.length > 0) await sleep(backoffMs(policy, attempt));
  }
}

function chunk<T extends { size?: number }>(items: readonly T[], policy: BatchCallPolicy): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = item.size ?? 0;
    const full = current.length >= policy.maxEntries || (policy.maxBytes !== undefined && bytes + size > policy.maxBytes);
    if (full && current.length > 0) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function failureOf(
  item: BatchItem<{ Id: string | undefined }>,
  code: string,
  message: string,
  senderFault: boolean,
): SqsEntryFailure {
  return { itemIdentifier: item.itemIdentifier, index: item.index, code, message, senderFault };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'KmsThrottled',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Throttling, faults on the service side and network errors are worth retrying; the sender's mistakes are not. */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; $retryable?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.$retryable !== undefined && e.$retryable !== false) return true;
  if (typeof e.name === 'string' && THROTTLING.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  if (e.$fault === 'server') return true;
  return e.$fault === undefined && status === undefined; // no HTTP answer at all: a network error
}

function errorCode(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function backoffMs(policy: BatchCallPolicy, attempt: number): number {
  const delay = policy.baseDelayMs * 2 ** (attempt - 1);
  return delay / 2 + Math.random() * (delay / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
