/** The parts of an SQS queue ARN (`arn:aws:sqs:us-east-1:123456789012:orders.fifo`). */
export interface QueueArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  queueName: string;
  fifo: boolean;
}

/** Splits a queue ARN; `undefined` when it is not one. */
export function parseQueueArn(arn: unknown): QueueArn | undefined {
  if (typeof arn !== 'string') return undefined;
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs') return undefined;
  const [, partition, , region, accountId, queueName] = parts as [string, string, string, string, string, string];
  if (partition === '' || region === '' || accountId === '' || queueName === '') return undefined;
  return { arn, partition, region, accountId, queueName, fifo: queueName.endsWith('.fifo') };
}
