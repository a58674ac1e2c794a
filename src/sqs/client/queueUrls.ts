import { perClientCache } from './perClientCache.js';
import type { QueueArn } from './queueArn.js';
import type { SqsConnection } from './SqsClientPool.js';

/** Queue URLs for the life of the process (a documented per-process cache: URLs do not change). */
const cached = perClientCache<string>();

/** The queue's URL from `GetQueueUrl` (name and owner account from the ARN), cached; failures are not cached. */
export function queueUrlOf(connection: SqsConnection, queue: QueueArn): Promise<string> {
  return cached(connection.client, queue.arn, () => lookUp(connection, queue));
}

async function lookUp({ sdk, client }: SqsConnection, queue: QueueArn): Promise<string> {
  const output = await client.send(
    new sdk.GetQueueUrlCommand({ QueueName: queue.queueName, QueueOwnerAWSAccountId: queue.accountId }),
  );
  if (typeof output.QueueUrl !== 'string' || output.QueueUrl === '')
    throw new Error(`GetQueueUrl returned no URL for ${queue.arn}`);
  return output.QueueUrl;
}
