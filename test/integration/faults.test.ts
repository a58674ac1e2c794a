// Faults the test server cannot produce, injected by client middleware into a real exchange with it: each one is shown
// to lose nothing (every message sent is deleted once processed, in the DLQ, or delivered again).
import { InvalidSecurity, QueueDoesNotExist, RequestThrottled, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchProcessor,
  EventType,
  PartialSqsProcessor,
  type PartialSqsProcessorOptions,
  processPartialResponse,
  SqsBatchProcessingError,
  SqsFifoRequeuedError,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import { failWhenFlagged } from '../support/handlers';
import { delay } from '../support/time';
import { createQueueWithDlq, drain, injectFaults, invokeOnce, recordDeletes, sendMessages, testSqsClient } from './support';

class ItemDto {
  @IsString() id!: string;
}

const throttled = () => new RequestThrottled({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

describe('SQS faults injected into a real exchange lose nothing', () => {
  let client: SQSClient;

  before(() => {
    client = testSqsClient();
  });

  /** 10 messages, those at `failing` positions throw; one legacy-mode invocation; what happened to each message. */
  async function legacyRun(prefix: string, failing: number[], arrange: (processorClient: SQSClient) => void) {
    const queue = await createQueueWithDlq(client, prefix, { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(
      client,
      queue.url,
      Array.from({ length: 10 }, (_, n) => ({ MessageBody: JSON.stringify({ fail: failing.includes(n) }) })),
    );
    const processorClient = testSqsClient();
    arrange(processorClient);
    const deletes = recordDeletes(processorClient);
    const options: PartialSqsProcessorOptions = { client: processorClient, logger: silentLogger };
    const processor = new PartialSqsProcessor(options);
    const handler = (event: SQSEvent) => processPartialResponse(event, failWhenFlagged, processor);
    const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: false });
    const idOfHandle = new Map(invocation?.messages.map((m) => [m.ReceiptHandle as string, m.MessageId as string]));
    await delay(1_300);
    const back = (await drain(client, queue.url)).map((m) => m.MessageId as string);
    const deleted = deletes.handles.map((h) => idOfHandle.get(h) as string);
    return { sent, error: invocation?.error as SqsBatchProcessingError, deleted, back };
  }

  it('throttled DeleteMessageBatch calls are retried until the successes are deleted', async function () {
    this.timeout(10_000);
    // Prepare / Act
    let calls: { Id: string }[][] = [];
    const { sent, error, deleted, back } = await legacyRun('fault-throttle', [2, 5, 8], (processorClient) => {
      calls = injectFaults(processorClient, 'DeleteMessageBatchCommand', (_, call) =>
        call < 2 ? { throws: throttled() } : undefined,
      ).calls;
    });

    // Assess
    expect(calls).to.have.length(3);
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    expect(error.deleteFailures).to.deep.equal([]);
    expect(error.deleted).to.equal(7);
    expect(back).to.have.members([sent[2], sent[5], sent[8]]);
    expect([...deleted, ...back]).to.have.members(sent);
  });

  it("Failed entries that are not the sender's fault are retried; the sender's are reported and delivered again", async function () {
    this.timeout(10_000);
    // Prepare / Act
    const { sent, error, deleted, back } = await legacyRun('fault-partial', [0], (processorClient) => {
      injectFaults(processorClient, 'DeleteMessageBatchCommand', (entries, call) => ({
        failEntries:
          call === 0
            ? [
                { Id: entries[0]?.Id as string, Code: 'InternalError', SenderFault: false },
                ...entries.slice(-2).map((e) => ({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', SenderFault: true })),
              ]
            : [],
      }));
    });

    // Assess
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    expect(error.deleteFailures.map((f) => [f.itemIdentifier, f.code, f.senderFault])).to.deep.equal([
      [sent[8], 'ReceiptHandleIsInvalid', true],
      [sent[9], 'ReceiptHandleIsInvalid', true],
    ]);
    expect(deleted).to.have.members(sent.slice(1, 8));
    expect(back).to.have.members([sent[0], sent[8], sent[9]]);
    expect([...deleted, ...back]).to.have.members(sent);
  });

  it('a fault on the SQS side that outlasts the retries is reported; the message is delivered again', async function () {
    this.timeout(10_000);
    // Prepare / Act
    let calls: { Id: string }[][] = [];
    const { sent, error, deleted, back } = await legacyRun('fault-persistent', [9], (processorClient) => {
      calls = injectFaults(processorClient, 'DeleteMessageBatchCommand', (entries) => ({
        failEntries: entries.filter((e) => e.Id === 'r0').map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
      })).calls;
    });

    // Assess
    expect(calls.filter((entries) => entries.some((e) => e.Id === 'r0'))).to.have.length(3);
    expect(error.deleteFailures.map((f) => [f.itemIdentifier, f.code, f.senderFault])).to.deep.equal([
      [sent[0], 'InternalError', false],
    ]);
    expect(back).to.have.members([sent[0], sent[9]]);
    expect([...deleted, ...back]).to.have.members(sent);
  });

  it('a queue URL that cannot be resolved deletes nothing: every message is delivered again', async function () {
    this.timeout(10_000);
    // Prepare / Act
    const { sent, error, deleted, back } = await legacyRun('fault-url', [4], (processorClient) => {
      processorClient.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'GetQueueUrlCommand') throw new QueueDoesNotExist({ message: 'gone', $metadata: {} });
          return next(args);
        },
        { step: 'initialize', name: 'noQueueUrl' },
      );
    });

    // Assess
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    expect(error.deleteFailures).to.have.length(9);
    expect(error.deleteFailures.every((f) => f.code === 'QueueDoesNotExist')).to.equal(true);
    expect(deleted).to.deep.equal([]);
    expect(back).to.have.members(sent);
  });

  it('a DLQ send that fails leaves the poison messages ordinary failures: retried, not lost', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'fault-dlq', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [
      { MessageBody: 'not json' },
      { MessageBody: '[]' },
      { MessageBody: '{"id":"ok"}' },
    ]);
    const processorClient = testSqsClient();
    const sends = injectFaults(processorClient, 'SendMessageBatchCommand', (_, call) =>
      call === 0 ? { throws: new InvalidSecurity({ message: 'not allowed', $metadata: {} }) } : undefined,
    );
    const processor = new BatchProcessor(EventType.SQS, {
      client: processorClient,
      poisonMessages: 'dlq',
      dto: ItemDto,
      logger: silentLogger,
    });
    const handler = (event: SQSEvent) => processPartialResponse(event, () => {}, processor);

    // Act
    const first = await invokeOnce(client, queue, handler, { reportBatchItemFailures: true });
    const inDlqAfterFirst = await drain(client, queue.dlqUrl);
    await delay(1_300);
    const second = await invokeOnce(client, queue, handler, { reportBatchItemFailures: true });
    const inDlqAfterSecond = await drain(client, queue.dlqUrl);

    // Assess
    expect(first?.returned).to.deep.equal({ batchItemFailures: sent.slice(0, 2).map((itemIdentifier) => ({ itemIdentifier })) });
    expect(inDlqAfterFirst).to.deep.equal([]);
    expect(second?.messages.map((m) => m.MessageId)).to.have.members(sent.slice(0, 2));
    expect(second?.returned).to.deep.equal({ batchItemFailures: [] });
    expect(inDlqAfterSecond.map((m) => m.Body)).to.have.members(['not json', '[]']);
    expect(sends.calls).to.have.length(2);
    expect(await drain(client, queue.url)).to.deep.equal([]);
  });

  it('a partly failed DLQ send moves the entries that succeeded and keeps the other one a failure', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'fault-dlq-partial', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [
      { MessageBody: 'not json' },
      { MessageBody: '{"id":"ok"}' },
      { MessageBody: 'nope' },
    ]);
    const processorClient = testSqsClient();
    injectFaults(processorClient, 'SendMessageBatchCommand', (entries) => ({
      failEntries: [{ Id: entries[entries.length - 1]?.Id as string, Code: 'InvalidParameterValue', SenderFault: true }],
    }));
    const processor = new BatchProcessor(EventType.SQS, {
      client: processorClient,
      poisonMessages: 'dlq',
      dto: ItemDto,
      logger: silentLogger,
    });

    // Act
    const invocation = await invokeOnce(client, queue, (event) => processPartialResponse(event, () => {}, processor), {
      reportBatchItemFailures: true,
    });
    await delay(1_300);
    const back = await drain(client, queue.url);
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    expect(invocation?.returned).to.deep.equal({ batchItemFailures: [{ itemIdentifier: sent[2] }] });
    expect(inDlq.map((m) => m.Body)).to.deep.equal(['not json']);
    expect(back.map((m) => m.MessageId)).to.deep.equal([sent[2]]);
  });

  it('FIFO: a poison record that could not be moved requeues the successes behind it, never a later poison record already in the DLQ', async function () {
    this.timeout(10_000);
    // Prepare: one message group, built here (the server hands out one message per group per receive)
    const queue = await createQueueWithDlq(client, 'fault-dlq-fifo', { fifo: true, visibilityTimeout: 1, maxReceiveCount: 5 });
    const bodies = ['not json', '{"id":"ok-2"}', 'nope', '{"id":"ok-4"}'];
    const event = {
      Records: bodies.map((body, i) =>
        sqsRecord(body, { messageId: `m${i}`, eventSourceARN: queue.arn, attributes: { MessageGroupId: 'g' } as never }),
      ),
    };
    const processorClient = testSqsClient();
    injectFaults(processorClient, 'SendMessageBatchCommand', (entries) => ({
      failEntries: (entries as { Id: string; MessageBody?: string }[])
        .filter((entry) => entry.MessageBody === 'not json')
        .map((entry) => ({ Id: entry.Id, Code: 'InternalError', SenderFault: false })),
    }));
    const processor = new BatchProcessor(EventType.SQS, {
      client: processorClient,
      poisonMessages: 'dlq',
      dto: ItemDto,
      logger: silentLogger,
    });

    // Act
    const response = await processPartialResponse(event, () => {}, processor);
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: ['m0', 'm1', 'm3'].map((itemIdentifier) => ({ itemIdentifier })) });
    expect(inDlq.map((m) => m.Body)).to.deep.equal(['nope']);
    const requeued = processor.errors.filter((error) => error instanceof SqsFifoRequeuedError);
    expect(requeued).to.have.length(2);
  });

  it('a failed ChangeMessageVisibilityBatch loses nothing: the message returns at the queue timeout', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'fault-visibility', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [{ MessageBody: '{}' }, { MessageBody: '{}' }]);
    const processorClient = testSqsClient();
    const changes = injectFaults(processorClient, 'ChangeMessageVisibilityBatchCommand', () => ({ throws: throttled() }));
    const processor = new BatchProcessor(EventType.SQS, {
      client: processorClient,
      retryBackoff: { baseSeconds: 30, maxSeconds: 60 },
      logger: silentLogger,
    });
    const handler = (event: SQSEvent) =>
      processPartialResponse(
        event,
        (record: SQSRecord) => {
          if (record.messageId === sent[0]) throw new Error('overloaded');
        },
        processor,
      );

    // Act
    const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: true });
    await delay(1_300);
    const back = await drain(client, queue.url);

    // Assess
    expect(changes.calls).to.have.length(3);
    expect(invocation?.returned).to.deep.equal({ batchItemFailures: [{ itemIdentifier: sent[0] }] });
    expect(back.map((m) => m.MessageId)).to.deep.equal([sent[0]]);
  });
});
