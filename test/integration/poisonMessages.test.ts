import type { MessageAttributeValue, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  EventType,
  FAILURE_ATTRIBUTE,
  type FailureNote,
  NonRetryableError,
  PartialSqsProcessor,
  processPartialResponse,
  type RecordFailure,
  RecordHandler,
  SqsBatchProcessingError,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
import { failWhenFlagged } from '../support/handlers';
import { capturingLogger } from '../support/logger';
import { delay } from '../support/time';
import { captureConsole } from '../unit/logging/captureConsole';
import {
  createQueueWithDlq,
  drain,
  invokeOnce,
  messageBytes,
  receive,
  recordDeletes,
  recordSendBatches,
  sendMessages,
  testSqsClient,
} from './support';

class OrderDto {
  @IsString() id!: string;
  @IsInt() @Min(1) qty!: number;
}

function noteOf(attributes: Record<string, MessageAttributeValue> | undefined): FailureNote | undefined {
  const value = attributes?.[FAILURE_ATTRIBUTE]?.StringValue;
  return value === undefined ? undefined : (JSON.parse(value) as FailureNote);
}

describe('poison messages to the DLQ against a real SQS server', () => {
  let client: SQSClient;

  before(() => {
    client = testSqsClient();
  });

  it('moves parse and validation failures to the DLQ on the first attempt, with the failure attribute; they never come back', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'poison-standard', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const tenAttributes = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: `v${i}` }]),
    );
    const sent = await sendMessages(client, queue.url, [
      { MessageBody: JSON.stringify({ id: 'ok-1', qty: 1 }) },
      {
        MessageBody: JSON.stringify({ id: 'bad-qty', qty: 0 }),
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 'acme' },
          blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) },
        },
      },
      { MessageBody: JSON.stringify({ id: 'flaky-1', qty: 1 }) },
      { MessageBody: 'not json' },
      { MessageBody: JSON.stringify({ id: 'ok-2', qty: 2 }) },
      { MessageBody: JSON.stringify({ qty: 3 }), MessageAttributes: tenAttributes },
      { MessageBody: JSON.stringify({ id: 'flaky-2', qty: 1 }) },
      { MessageBody: JSON.stringify({ id: 'ok-3', qty: 3 }) },
    ]);
    const poison = [sent[1], sent[3], sent[5]];
    const flaky = [sent[2], sent[6]];
    const seen: RecordFailure[] = [];
    const processorClient = testSqsClient();
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      async handle(order: OrderDto) {
        if (order.id.startsWith('flaky')) throw new Error('downstream timeout');
      }

      @BatchHandler({ poisonMessages: 'dlq', sqsClient: processorClient, logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}

      async onFailure(failure: RecordFailure) {
        seen.push(failure);
      }
    }
    const lambda = new OrderHandler().handler;

    // Act
    const invocation = await invokeOnce(client, queue, (event) => lambda(event, lambdaContext()), {
      reportBatchItemFailures: true,
    });
    const inDlq = await drain(client, queue.dlqUrl);
    await delay(1_300);
    const back = await drain(client, queue.url);

    // Assess
    expect(invocation?.returned).to.deep.equal({ batchItemFailures: flaky.map((itemIdentifier) => ({ itemIdentifier })) });
    expect(inDlq.map((m) => noteOf(m.MessageAttributes)?.messageId).filter(Boolean)).to.have.members([sent[1], sent[3]]);
    const badQty = inDlq.find((m) => noteOf(m.MessageAttributes)?.messageId === sent[1]);
    expect(noteOf(badQty?.MessageAttributes)).to.include({ code: 'RECORD_VALIDATION_FAILED', sourceQueueArn: queue.arn });
    expect(badQty?.Body).to.equal(JSON.stringify({ id: 'bad-qty', qty: 0 }));
    expect(badQty?.MessageAttributes?.tenant).to.deep.equal({ DataType: 'String', StringValue: 'acme' });
    expect(Array.from(badQty?.MessageAttributes?.blob?.BinaryValue ?? [])).to.deep.equal([1, 2, 3]);
    const notJson = inDlq.find((m) => m.Body === 'not json');
    expect(noteOf(notJson?.MessageAttributes)).to.include({ code: 'RECORD_PARSE_FAILED', messageId: sent[3] });
    const crowded = inDlq.find((m) => m.Body === JSON.stringify({ qty: 3 }));
    expect(Object.keys(crowded?.MessageAttributes ?? {})).to.have.members(Object.keys(tenAttributes));
    expect(inDlq).to.have.length(3);
    expect(seen.filter((f) => f.sentToDlq === true).map((f) => f.itemIdentifier)).to.have.members(poison);
    expect(seen.filter((f) => f.sentToDlq === false).map((f) => f.itemIdentifier)).to.have.members(flaky);
    expect(back.map((m) => m.MessageId)).to.have.members(flaky);
    const deletedSuccesses = (invocation?.deletedByLambda ?? []).filter((id) => !poison.includes(id));
    expect(deletedSuccesses.length + inDlq.length + back.length).to.equal(sent.length);
  });

  it('FIFO: a poison record does not hold back the batch; its DLQ copy keeps the group and gets a deduplication id', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'poison-fifo', { fifo: true, visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [
      { MessageBody: JSON.stringify({ qty: 1 }), MessageGroupId: 'a', MessageDeduplicationId: 'a0' },
      { MessageBody: JSON.stringify({ id: 'a1', qty: 1 }), MessageGroupId: 'a', MessageDeduplicationId: 'a1' },
      { MessageBody: JSON.stringify({ id: 'b0', qty: 1 }), MessageGroupId: 'b', MessageDeduplicationId: 'b0' },
    ]);
    const processed: string[] = [];
    const processor = new PartialSqsProcessor({
      client: testSqsClient(),
      poisonMessages: 'dlq',
      logger: silentLogger,
      dto: OrderDto,
    });
    const handler = (event: SQSEvent) =>
      processPartialResponse(
        event,
        (order: OrderDto) => {
          processed.push(order.id);
        },
        processor,
      );

    // Act
    const first = await invokeOnce(client, queue, handler, { reportBatchItemFailures: false });
    const second = await invokeOnce(client, queue, handler, { reportBatchItemFailures: false });
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    expect(first?.messages.map((m) => m.MessageId)).to.deep.equal([sent[0], sent[2]]);
    expect(first?.error).to.equal(undefined);
    expect(first?.returned).to.deep.equal({ batchItemFailures: [] });
    expect(second?.messages.map((m) => m.MessageId)).to.deep.equal([sent[1]]);
    expect(processed).to.deep.equal(['b0', 'a1']);
    expect(inDlq).to.have.length(1);
    expect(inDlq[0]?.Attributes?.MessageGroupId).to.equal('a');
    expect(inDlq[0]?.Attributes?.MessageDeduplicationId).to.match(/^[0-9a-f]{64}$/);
    expect(noteOf(inDlq[0]?.MessageAttributes)).to.include({ code: 'RECORD_VALIDATION_FAILED', messageId: sent[0] });
    expect(await drain(client, queue.url)).to.deep.equal([]);
  });

  it('legacy mode: the poison message is deleted from the source like a success, and only the failed one returns', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'poison-legacy', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [
      { MessageBody: JSON.stringify({ id: 'ok', qty: 1 }) },
      { MessageBody: JSON.stringify({ id: 'poison', qty: -1 }) },
      { MessageBody: JSON.stringify({ id: 'flaky', qty: 1 }) },
    ]);
    const processorClient = testSqsClient();
    const deletes = recordDeletes(processorClient);
    const processor = new PartialSqsProcessor({
      client: processorClient,
      poisonMessages: 'dlq',
      logger: silentLogger,
      dto: OrderDto,
    });
    const handler = (event: SQSEvent) =>
      processPartialResponse(
        event,
        (order: OrderDto) => {
          if (order.id === 'flaky') throw new Error('downstream timeout');
        },
        processor,
      );

    // Act
    const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: false });
    const idOfHandle = new Map(invocation?.messages.map((m) => [m.ReceiptHandle as string, m.MessageId as string]));
    await delay(1_300);
    const back = await drain(client, queue.url);
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    const error = invocation?.error as SqsBatchProcessingError;
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    expect(error.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: sent[2] }] });
    expect(error.fullBatch).to.equal(false);
    expect(deletes.handles.map((h) => idOfHandle.get(h))).to.have.members([sent[0], sent[1]]);
    expect(back.map((m) => m.MessageId)).to.deep.equal([sent[2]]);
    expect(inDlq.map((m) => noteOf(m.MessageAttributes)?.messageId)).to.deep.equal([sent[1]]);
  });

  it('retryBackoff: a failed message stays invisible for its backoff, not the queue timeout', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'backoff', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [{ MessageBody: '{"fail":true}' }, { MessageBody: '{"fail":false}' }]);
    const processor = new PartialSqsProcessor({
      client: testSqsClient(),
      retryBackoff: { baseSeconds: 3, maxSeconds: 60 },
      suppressException: true,
      logger: silentLogger,
    });
    const handler = (event: SQSEvent) => processPartialResponse(event, failWhenFlagged, processor);

    // Act
    const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: true });
    await delay(1_600);
    const afterQueueTimeout = await receive(client, queue.url);
    await delay(1_800);
    const afterBackoff = await receive(client, queue.url);

    // Assess
    expect(invocation?.returned).to.deep.equal({ batchItemFailures: [{ itemIdentifier: sent[0] }] });
    expect(afterQueueTimeout).to.deep.equal([]);
    expect(afterBackoff.map((m) => m.MessageId)).to.deep.equal([sent[0]]);
    expect(afterBackoff[0]?.Attributes?.ApproximateReceiveCount).to.equal('2');
  });

  describe('message size: SQS (and the server) take at most 1 MiB per message and per SendMessageBatch call', () => {
    const MiB = 1024 * 1024;
    /** A handler that finds every body starting with "poison" poison. */
    const poisonWhenFlagged = (record: { body: string }) => {
      if (record.body.startsWith('poison')) throw new NonRetryableError(`record ${record.body.length} bytes refused`);
    };
    const body = (prefix: string, bytes: number) => prefix + 'x'.repeat(bytes - prefix.length);

    async function sendEach(url: string, bodies: readonly string[]): Promise<string[]> {
      const ids: string[] = [];
      for (const MessageBody of bodies) ids.push(...(await sendMessages(client, url, [{ MessageBody }])));
      return ids;
    }

    it('a poison message close to 1 MiB reaches the DLQ without the failure attribute, which would not fit; the log says so', async function () {
      this.timeout(15_000);
      // Prepare
      const queue = await createQueueWithDlq(client, 'poison-large', { visibilityTimeout: 5, maxReceiveCount: 5 });
      const sent = await sendEach(queue.url, [body('poison-large', MiB - 40), body('poison-small', 100), body('ok', 100)]);
      const processorClient = testSqsClient();
      const sends = recordSendBatches(processorClient);
      const logger = capturingLogger();
      const processor = new BatchProcessor(EventType.SQS, { poisonMessages: 'dlq', client: processorClient, logger });

      // Act
      const invocation = await invokeOnce(client, queue, (event) => processPartialResponse(event, poisonWhenFlagged, processor), {
        reportBatchItemFailures: true,
      });
      const inDlq = await drain(client, queue.dlqUrl);

      // Assess
      expect(invocation?.messages).to.have.length(3);
      expect(invocation?.returned).to.deep.equal({ batchItemFailures: [] });
      const large = inDlq.find((m) => m.Body === body('poison-large', MiB - 40));
      expect(large?.MessageAttributes ?? {}).to.not.have.property(FAILURE_ATTRIBUTE);
      const small = inDlq.find((m) => m.Body === body('poison-small', 100));
      expect(noteOf(small?.MessageAttributes)).to.include({ code: 'NON_RETRYABLE', messageId: sent[1] });
      expect(inDlq).to.have.length(2);
      for (const call of sends.calls) expect(call.reduce((total, entry) => total + messageBytes(entry), 0)).to.be.at.most(MiB);
      const omitted = logger.entries.filter((e) => e.level === 'error' && e.message.includes(FAILURE_ATTRIBUTE));
      expect(omitted.map((e) => [e.details?.itemIdentifier, e.details?.messageId, e.details?.code])).to.deep.equal([
        [sent[0], sent[0], 'NON_RETRYABLE'],
      ]);
    });

    it('a DLQ with a smaller MaximumMessageSize: a copy it refuses with the attribute is sent again without it', async function () {
      this.timeout(10_000);
      // Prepare
      const queue = await createQueueWithDlq(client, 'poison-small-dlq', { visibilityTimeout: 5, dlqMaximumMessageSize: 1024 });
      const sent = await sendMessages(client, queue.url, [
        { MessageBody: body('poison-near-dlq-limit', 1000) },
        { MessageBody: body('poison-small', 100) },
      ]);
      const processorClient = testSqsClient();
      const sends = recordSendBatches(processorClient);
      const logger = capturingLogger();
      const processor = new BatchProcessor(EventType.SQS, { poisonMessages: 'dlq', client: processorClient, logger });

      // Act
      const invocation = await invokeOnce(client, queue, (event) => processPartialResponse(event, poisonWhenFlagged, processor), {
        reportBatchItemFailures: true,
      });
      const inDlq = await drain(client, queue.dlqUrl);

      // Assess
      expect(invocation?.returned).to.deep.equal({ batchItemFailures: [] });
      const nearLimit = inDlq.find((m) => m.Body === body('poison-near-dlq-limit', 1000));
      expect(nearLimit?.MessageAttributes ?? {}).to.not.have.property(FAILURE_ATTRIBUTE);
      expect(noteOf(inDlq.find((m) => m.Body === body('poison-small', 100))?.MessageAttributes)?.messageId).to.equal(sent[1]);
      expect(inDlq).to.have.length(2);
      expect(sends.calls.map((call) => call.map((entry) => FAILURE_ATTRIBUTE in (entry.MessageAttributes ?? {})))).to.deep.equal([
        [true, true],
        [false],
      ]);
      const omitted = logger.entries.filter((e) => e.level === 'error' && e.message.includes(FAILURE_ATTRIBUTE));
      expect(omitted.map((e) => e.details?.itemIdentifier)).to.deep.equal([sent[0]]);
    });

    it('large copies share SendMessageBatch calls up to 1 MiB in total, never more', async function () {
      this.timeout(15_000);
      // Prepare
      const queue = await createQueueWithDlq(client, 'poison-many-large', { visibilityTimeout: 5 });
      const bodies = [0, 1, 2, 3].map((i) => body(`poison-${i}`, 300_000));
      const sent = await sendEach(queue.url, bodies);
      const processorClient = testSqsClient();
      const sends = recordSendBatches(processorClient);
      const processor = new BatchProcessor(EventType.SQS, {
        poisonMessages: 'dlq',
        client: processorClient,
        logger: silentLogger,
      });

      // Act
      const invocation = await invokeOnce(client, queue, (event) => processPartialResponse(event, poisonWhenFlagged, processor), {
        reportBatchItemFailures: true,
      });
      const inDlq = await drain(client, queue.dlqUrl);

      // Assess
      expect(invocation?.returned).to.deep.equal({ batchItemFailures: [] });
      expect(inDlq.map((m) => noteOf(m.MessageAttributes)?.messageId)).to.have.members(sent);
      expect(sends.calls.map((call) => call.length).sort()).to.deep.equal([1, 3]);
      for (const call of sends.calls) expect(call.reduce((total, entry) => total + messageBytes(entry), 0)).to.be.at.most(MiB);
    });
  });

  it('default logger: a poison error whose code JSON cannot serialise still moves, and every line is written', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'poison-bigint-code', { visibilityTimeout: 5 });
    const sent = await sendMessages(client, queue.url, [{ MessageBody: 'poison' }, { MessageBody: 'flaky' }]);
    const processor = new BatchProcessor(EventType.SQS, { poisonMessages: 'dlq', client: testSqsClient() });
    const handle = (record: { body: string }) => {
      throw Object.assign(new Error(`${record.body} refused`), { code: 10n, retryable: record.body !== 'poison' });
    };

    // Act
    const { result: invocation, lines } = await captureConsole(() =>
      invokeOnce(client, queue, (event) => processPartialResponse(event, handle, processor), { reportBatchItemFailures: true }),
    );
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    expect(invocation?.error).to.equal(undefined);
    expect(invocation?.returned).to.deep.equal({ batchItemFailures: [{ itemIdentifier: sent[1] }] });
    expect(inDlq.map((m) => noteOf(m.MessageAttributes)?.messageId)).to.deep.equal([sent[0]]);
    const byRecord = (id: string | undefined) =>
      lines.filter((l) => l.json?.itemIdentifier === id).map((l) => [l.json?.message, l.json?.errorCode]);
    expect(byRecord(sent[0])).to.deep.equal([
      ['Poison message moved to the dead-letter queue', '10n'],
      ['Record failed', '10n'],
    ]);
    expect(byRecord(sent[1])).to.deep.equal([['Record failed', '10n']]);
  });
});
