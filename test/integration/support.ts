// Helpers for the integration tests: queues on the test server, a Lambda-like poller, fault injection by middleware.
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { fromReceiveMessage } from 'batchkit/testing';
import { sqsEndpoint } from './sqsServer';

/** Client configuration for the test server (explicit endpoint: its queue URLs name hosts that do not resolve). */
export function sqsClientConfig(region = 'us-east-1'): SQSClientConfig {
  return { endpoint: sqsEndpoint(), region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
}

/** A fresh client for the test server. */
export function testSqsClient(region = 'us-east-1'): SQSClient {
  return new SQSClient(sqsClientConfig(region));
}

export interface TestQueue {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

let serial = 0;

/**
 * A queue with a DLQ (`maxReceiveCount`, and the DLQ's own `MaximumMessageSize` when given) and a short visibility
 * timeout; names are unique per call.
 */
export async function createQueueWithDlq(
  client: SQSClient,
  prefix: string,
  options: { fifo?: boolean; visibilityTimeout?: number; maxReceiveCount?: number; dlqMaximumMessageSize?: number } = {},
): Promise<TestQueue> {
  const suffix = options.fifo === true ? '.fifo' : '';
  const name = `${prefix}-${process.pid}-${++serial}`;
  const fifoAttributes: Record<string, string> = options.fifo === true ? { FifoQueue: 'true' } : {};
  const dlqSize = options.dlqMaximumMessageSize;
  const dlqAttributes = dlqSize === undefined ? fifoAttributes : { ...fifoAttributes, MaximumMessageSize: String(dlqSize) };
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq${suffix}`, Attributes: dlqAttributes }));
  const dlqArn = await arnOf(client, dlq.QueueUrl as string);
  const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 2 });
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}${suffix}`,
      Attributes: { ...fifoAttributes, VisibilityTimeout: String(options.visibilityTimeout ?? 1), RedrivePolicy: redrive },
    }),
  );
  return {
    url: queue.QueueUrl as string,
    arn: await arnOf(client, queue.QueueUrl as string),
    dlqUrl: dlq.QueueUrl as string,
    dlqArn,
  };
}

async function arnOf(client: SQSClient, url: string): Promise<string> {
  const output = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return output.Attributes?.QueueArn as string;
}

/** Sends the messages (10 per call) and returns their message ids, in order. */
export async function sendMessages(
  client: SQSClient,
  url: string,
  messages: readonly Omit<SendMessageBatchRequestEntry, 'Id'>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < messages.length; start += 10) {
    const Entries = messages.slice(start, start + 10).map((message, i) => ({ Id: `m${start + i}`, ...message }));
    const output = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
    if ((output.Failed ?? []).length > 0) throw new Error(`send failed: ${JSON.stringify(output.Failed)}`);
    const byId = new Map((output.Successful ?? []).map((s) => [s.Id, s.MessageId as string]));
    for (const entry of Entries) ids.push(byId.get(entry.Id) as string);
  }
  return ids;
}

/** One ReceiveMessage with every attribute, as an event source mapping does. */
export async function receive(client: SQSClient, url: string, max = 10): Promise<Message[]> {
  const output = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: max,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      WaitTimeSeconds: 0,
    }),
  );
  return output.Messages ?? [];
}

/** Receives and deletes until the queue answers empty (deleting unlocks the next message of each FIFO group). */
export async function drain(client: SQSClient, url: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const messages = await receive(client, url);
    if (messages.length === 0) return all;
    all.push(...messages);
    const Entries = messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle as string }));
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries }));
  }
}

/** What one emulated Lambda invocation did. */
export interface Invocation {
  messages: Message[];
  event: SQSEvent;
  returned?: unknown;
  error?: unknown;
  /** Message ids the emulated Lambda service deleted after the handler returned. */
  deletedByLambda: string[];
}

/**
 * One poll of an emulated SQS event source mapping: receive a batch, invoke the handler, then do what Lambda does.
 * Returned: delete the batch, or (with ReportBatchItemFailures) all but the reported failures. Threw: delete nothing.
 */
export async function invokeOnce(
  client: SQSClient,
  queue: { url: string; arn: string },
  handler: (event: SQSEvent) => Promise<unknown>,
  options: { reportBatchItemFailures: boolean },
): Promise<Invocation | undefined> {
  const messages = await receive(client, queue.url);
  if (messages.length === 0) return undefined;
  const event = fromReceiveMessage({ Messages: messages }, { queueArn: queue.arn });
  const invocation: Invocation = { messages, event, deletedByLambda: [] };
  try {
    invocation.returned = await handler(event);
  } catch (error) {
    invocation.error = error;
    return invocation;
  }
  const failed = new Set<string>();
  if (options.reportBatchItemFailures) {
    const response = invocation.returned as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
    for (const f of response?.batchItemFailures ?? []) failed.add(f.itemIdentifier);
  }
  const done = messages.filter((m) => !failed.has(m.MessageId as string));
  for (let start = 0; start < done.length; start += 10) {
    const Entries = done.slice(start, start + 10).map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle as string }));
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries }));
  }
  invocation.deletedByLambda = done.map((m) => m.MessageId as string);
  return invocation;
}

/** Keeps every receipt handle a client deleted successfully (DeleteMessageBatch `Successful` entries). */
export function recordDeletes(client: SQSClient): { handles: string[]; calls: number[] } {
  const seen = { handles: [] as string[], calls: [] as number[] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'DeleteMessageBatchCommand') {
        const input = args.input as { Entries: { Id: string; ReceiptHandle: string }[] };
        const output = result.output as { Successful?: { Id: string }[] };
        seen.calls.push(input.Entries.length);
        const byId = new Map(input.Entries.map((e) => [e.Id, e.ReceiptHandle]));
        for (const ok of output.Successful ?? []) seen.handles.push(byId.get(ok.Id) as string);
      }
      return result;
    },
    { step: 'initialize', name: `recordDeletes${++serial}` },
  );
  return seen;
}

/** Bytes of one message as SQS counts them: body, plus each attribute's name, data type and value. */
export function messageBytes(entry: Pick<SendMessageBatchRequestEntry, 'MessageBody' | 'MessageAttributes'>): number {
  let bytes = Buffer.byteLength(entry.MessageBody ?? '');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
    bytes += value.StringValue === undefined ? (value.BinaryValue?.byteLength ?? 0) : Buffer.byteLength(value.StringValue);
  }
  return bytes;
}

/** Keeps the entries of every SendMessageBatch call a client made (before the server answered). */
export function recordSendBatches(client: SQSClient): { calls: SendMessageBatchRequestEntry[][] } {
  const seen = { calls: [] as SendMessageBatchRequestEntry[][] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand') {
        seen.calls.push([...(args.input as { Entries: SendMessageBatchRequestEntry[] }).Entries]);
      }
      return next(args);
    },
    { step: 'initialize', name: `recordSendBatches${++serial}` },
  );
  return seen;
}

/** Approximate counts, after a receive so that expired visibility timeouts are noticed. */
export async function queueCounts(client: SQSClient, url: string): Promise<{ visible: number; inFlight: number }> {
  const output = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(output.Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(output.Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}

/** What a fault injector does to one call: throw, or fail these entries (they never reach the server). */
export interface Fault {
  throws?: Error;
  failEntries?: { Id: string; Code: string; SenderFault: boolean }[];
}

/**
 * Client middleware that injects faults the server cannot produce into one command: `plan` sees each call's entries
 * (and the call's number, from 0) and says what goes wrong. Returns the entries of every call it saw.
 */
export function injectFaults(
  client: SQSClient,
  commandName: string,
  plan: (entries: { Id: string }[], call: number) => Fault | undefined,
): { calls: { Id: string }[][] } {
  const seen = { calls: [] as { Id: string }[][] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== commandName) return next(args);
      const input = args.input as { Entries?: { Id: string }[] };
      const entries = input.Entries ?? [];
      const fault = plan(entries, seen.calls.length);
      seen.calls.push(entries);
      if (fault?.throws !== undefined) throw fault.throws;
      const failed = fault?.failEntries ?? [];
      const kept = entries.filter((entry) => !failed.some((f) => f.Id === entry.Id));
      const result =
        kept.length > 0
          ? await next({ ...args, input: { ...input, Entries: kept } } as typeof args)
          : { response: {}, output: { Successful: [], $metadata: {} } };
      const output = result.output as { Failed?: unknown[] };
      return { ...result, output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } } as typeof result;
    },
    { step: 'initialize', name: `injectFaults${++serial}` },
  );
  return seen;
}
