import { perClientCache } from '../client/perClientCache.js';
import { parseQueueArn, type QueueArn } from '../client/queueArn.js';
import { queueUrlOf } from '../client/queueUrls.js';
import type { SqsConnection } from '../client/SqsClientPool.js';

/** Where poison messages of a queue go. */
export interface DeadLetterQueue {
  url: string;
  fifo: boolean;
}

/** DLQs by client and source queue ARN, for the life of the process. Only found DLQs are cached. */
const cached = perClientCache<DeadLetterQueue | undefined>((found) => found !== undefined);

/**
 * The source queue's DLQ: the explicit `dlqUrl`, or the `deadLetterTargetArn` of its `RedrivePolicy`
 * (`GetQueueAttributes`, then `GetQueueUrl`). `undefined` when the queue has none.
 */
export function deadLetterQueueOf(
  connection: SqsConnection,
  source: QueueArn,
  explicitUrl: string | undefined,
): Promise<DeadLetterQueue | undefined> {
  if (explicitUrl !== undefined) return Promise.resolve({ url: explicitUrl, fifo: explicitUrl.endsWith('.fifo') });
  return cached(connection.client, source.arn, () => lookUp(connection, source));
}

async function lookUp(connection: SqsConnection, source: QueueArn): Promise<DeadLetterQueue | undefined> {
  const { sdk, client } = connection;
  const sourceUrl = await queueUrlOf(connection, source);
  const output = await client.send(new sdk.GetQueueAttributesCommand({ QueueUrl: sourceUrl, AttributeNames: ['RedrivePolicy'] }));
  const target = redriveTarget(output.Attributes?.RedrivePolicy);
  if (target === undefined) return undefined;
  return { url: await queueUrlOf(connection, target), fifo: target.fifo };
}

function redriveTarget(policy: string | undefined): QueueArn | undefined {
  if (policy === undefined || policy === '') return undefined;
  try {
    return parseQueueArn((JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn);
  } catch {
    return undefined;
  }
}
