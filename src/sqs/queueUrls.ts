import type { QueueArn } from './queueArn.js';
import type { SqsConnection } from './SqsClientPool.js';

/**
 * Queue URLs by client and ARN, for the life of the process (a documented per-process cache: URLs do not change).
 * Keyed by client too, so that two clients pointed at different endpoints never share an answer.
 */
const cache = new WeakMap<object, Map<string, Promise<string>>>();

/** The queue's URL from `GetQueueUrl` (name and owner account from the ARN), cached; failures are not cached. */
export function queueUrlOf(connection: SqsConnection, queue: QueueArn): Promise<string> {
  let urls = cache.get(connection.client);
  if (urls === undefined) {
    urls = new Map();
    cache.set(connection.client, urls);
  }
  const cached = urls.get(queue.arn);
  if (cached !== undefined) return cached;
  const pending = lookUp(connection, queue);
  const entries = urls;
  entries.set(queue.arn, pending);
  pending.catch(() => entries.delete(queue.arn));
  return pending;
}

async function lookUp({ sdk, client }: SqsConnection, queue: QueueArn): Promise<string> {
  const output = await client.send(
    new sdk.GetQueueUrlCommand({ QueueName: queue.queueName, QueueOwnerAWSAccountId: queue.accountId }),
  );
  if (typeof output.QueueUrl !== 'string' || output.QueueUrl === '')
    throw new Error(`GetQueueUrl returned no URL for ${queue.arn}`);
  return output.QueueUrl;
}
