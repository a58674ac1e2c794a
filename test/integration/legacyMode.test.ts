import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  EventType,
  PartialSqsProcessor,
  processPartialResponse,
  RecordHandler,
  SqsBatchProcessingError,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import { failWhenFlagged } from '../support/handlers';
import { delay } from '../support/time';
import {
  createQueueWithDlq,
  drain,
  type Invocation,
  invokeOnce,
  queueCounts,
  receive,
  recordDeletes,
  sendMessages,
  testSqsClient,
} from './support';

/** A FIFO message for `key` (`<group>:<n>`): its body names the key, its group is the part before the colon. */
function fifoMessage(key: string) {
  return {
    MessageBody: JSON.stringify({ key }),
    MessageGroupId: key.split(':')[0],
    MessageDeduplicationId: key.replace(':', '-'),
  };
}

describe('legacy mode (PartialSqsProcessor) against a real SQS server', () => {
  let client: SQSClient;

  before(() => {
    client = testSqsClient();
  });

  /** Polls until `count` messages were handled or the queue answers empty. */
  async function pollRound(
    queue: { url: string; arn: string },
    handler: (event: SQSEvent) => Promise<unknown>,
    reportBatchItemFailures = false,
  ): Promise<Invocation[]> {
    const invocations: Invocation[] = [];
    for (;;) {
      const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures });
      if (invocation === undefined) return invocations;
      invocations.push(invocation);
    }
  }

  it('standard queue: of 20 messages with 5 failing, 15 are deleted, 5 come back and end in the DLQ', async function () {
    this.timeout(20_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'legacy-standard', { visibilityTimeout: 1, maxReceiveCount: 2 });
    const bodies = Array.from({ length: 20 }, (_, n) => ({ n, fail: n % 4 === 3 }));
    const sent = await sendMessages(
      client,
      queue.url,
      bodies.map((body) => ({ MessageBody: JSON.stringify(body) })),
    );
    const failing = sent.filter((_, n) => bodies[n]?.fail);
    const processorClient = testSqsClient();
    const deletes = recordDeletes(processorClient);
    const processor = new PartialSqsProcessor({ client: processorClient, logger: silentLogger });
    const handler = (event: SQSEvent) => processPartialResponse(event, failWhenFlagged, processor);
    const idOfHandle = new Map<string, string>();

    // Act: first delivery of every message
    const first = await pollRound(queue, handler);
    for (const m of first.flatMap((i) => i.messages)) idOfHandle.set(m.ReceiptHandle as string, m.MessageId as string);
    const deletedAfterFirst = deletes.handles.map((h) => idOfHandle.get(h));
    const backTooEarly = await receive(client, queue.url);
    await delay(1_300);
    const second = await pollRound(queue, handler);
    await delay(1_300);
    const third = await pollRound(queue, handler);
    const inDlq = (await drain(client, queue.dlqUrl)).map((m) => m.MessageId);

    // Assess
    expect(first.flatMap((i) => i.messages)).to.have.length(20);
    for (const invocation of first) {
      expect(invocation.error).to.be.instanceOf(SqsBatchProcessingError);
      expect((invocation.error as SqsBatchProcessingError).deleteFailures).to.deep.equal([]);
    }
    expect(deletedAfterFirst).to.have.members(sent.filter((id) => !failing.includes(id)));
    expect(Math.max(...deletes.calls)).to.be.at.most(10);
    expect(backTooEarly).to.deep.equal([]);
    expect(second.flatMap((i) => i.messages.map((m) => m.MessageId))).to.have.members(failing);
    expect(second.flatMap((i) => i.messages.map((m) => m.Attributes?.ApproximateReceiveCount))).to.deep.equal([
      '2',
      '2',
      '2',
      '2',
      '2',
    ]);
    expect(third).to.deep.equal([]);
    expect(inDlq).to.have.members(failing);
    expect([...deletedAfterFirst, ...inDlq]).to.have.members(sent);
    expect(await queueCounts(client, queue.url)).to.deep.equal({ visible: 0, inFlight: 0 });
  });

  it('FIFO queue with several groups: successes are deleted once each, in group order; failures end in the DLQ', async function () {
    this.timeout(30_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'legacy-fifo', { fifo: true, visibilityTimeout: 1, maxReceiveCount: 2 });
    const failing = new Set(['g0:1', 'g0:3', 'g1:3', 'g2:0', 'g3:4']);
    const keys: string[] = [];
    for (let n = 0; n < 5; n++) for (let g = 0; g < 4; g++) keys.push(`g${g}:${n}`);
    const sent = await sendMessages(client, queue.url, keys.map(fifoMessage));
    const failingIds = sent.filter((_, i) => failing.has(keys[i] as string));
    const processorClient = testSqsClient();
    const deletes = recordDeletes(processorClient);
    const processed: string[] = [];
    class OrderedHandler {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        const { key } = JSON.parse(record.body) as { key: string };
        if (failing.has(key)) throw new Error(`cannot handle ${record.messageId}`);
        processed.push(key);
      }

      @BatchHandler({ deleteSuccessful: true, skipGroupOnError: true, sqsClient: processorClient, logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const lambda = new OrderedHandler().handler;
    const idOfHandle = new Map<string, string>();
    const invocations: Invocation[] = [];

    // Act: poll like an event source mapping until every message is either deleted or in the DLQ
    const deleted = (): string[] => [
      ...deletes.handles.map((h) => idOfHandle.get(h) as string),
      ...invocations.flatMap((i) => i.deletedByLambda),
    ];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const invocation = await invokeOnce(client, queue, (event) => lambda(event, lambdaContext()), {
        reportBatchItemFailures: false,
      });
      if (invocation !== undefined) {
        invocations.push(invocation);
        for (const m of invocation.messages) idOfHandle.set(m.ReceiptHandle as string, m.MessageId as string);
      } else if (deleted().length + (await queueCounts(client, queue.dlqUrl)).visible >= sent.length) break;
      else await delay(100);
    }
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    for (let g = 0; g < 4; g++) {
      const expected = keys.filter((key) => key.startsWith(`g${g}:`) && !failing.has(key));
      expect(processed.filter((key) => key.startsWith(`g${g}:`))).to.deep.equal(expected);
    }
    expect(inDlq.map((m) => m.MessageId)).to.have.members(failingIds);
    expect(inDlq.map((m) => m.Attributes?.MessageGroupId)).to.have.members(['g0', 'g0', 'g1', 'g2', 'g3']);
    expect(deleted()).to.have.members(sent.filter((id) => !failingIds.includes(id)));
    expect([...deleted(), ...inDlq.map((m) => m.MessageId)]).to.have.members(sent);
    const failedInvocations = invocations.filter((i) => i.error !== undefined);
    expect(failedInvocations).to.not.be.empty;
    for (const invocation of failedInvocations) expect(invocation.error).to.be.instanceOf(SqsBatchProcessingError);
    expect(await queueCounts(client, queue.url)).to.deep.equal({ visible: 0, inFlight: 0 });
  });

  it('FIFO queue: a failed record and the records skipped after it return, and run later in order', async function () {
    this.timeout(15_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'legacy-fifo-stop', { fifo: true, visibilityTimeout: 1, maxReceiveCount: 5 });
    const keys = ['a:0', 'b:0', 'a:1', 'b:1'];
    const sent = await sendMessages(client, queue.url, keys.map(fifoMessage));
    const processed: string[] = [];
    const skipped: string[] = [];
    const processor = new PartialSqsProcessor({ client: testSqsClient(), logger: silentLogger });
    const handler = (event: SQSEvent) =>
      processPartialResponse(
        event,
        (record: SQSRecord) => {
          const { key } = JSON.parse(record.body) as { key: string };
          if (key === 'a:0' && record.attributes.ApproximateReceiveCount === '1') throw new Error('first attempt fails');
          processed.push(key);
        },
        processor,
      );

    // Act
    const invocations: Invocation[] = [];
    const deadline = Date.now() + 10_000;
    while (processed.length < keys.length && Date.now() < deadline) {
      const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: false });
      if (invocation === undefined) await delay(100);
      else invocations.push(invocation);
    }
    for (const invocation of invocations) {
      if (invocation.error instanceof SqsBatchProcessingError) {
        for (const error of invocation.error.recordErrors)
          if (error instanceof SqsFifoShortCircuitError) skipped.push(error.name);
      }
    }

    // Assess
    const firstError = invocations[0]?.error as SqsBatchProcessingError;
    expect(firstError).to.be.instanceOf(SqsBatchProcessingError);
    expect(firstError.response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(
      invocations[0]?.messages.map((m) => m.MessageId),
    );
    expect(skipped).to.not.be.empty;
    expect(processed.filter((k) => k.startsWith('a'))).to.deep.equal(['a:0', 'a:1']);
    expect(processed.filter((k) => k.startsWith('b'))).to.deep.equal(['b:0', 'b:1']);
    expect(await drain(client, queue.url)).to.deep.equal([]);
    expect(invocations.flatMap((i) => i.deletedByLambda)).to.have.members(sent);
  });

  it('suppressException: returns the failures instead of throwing and deletes only the successes', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'legacy-suppress', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(
      client,
      queue.url,
      Array.from({ length: 6 }, (_, n) => ({ MessageBody: JSON.stringify({ fail: n < 2 }) })),
    );
    const processorClient = testSqsClient();
    const deletes = recordDeletes(processorClient);
    const processor = new PartialSqsProcessor({ client: processorClient, suppressException: true, logger: silentLogger });
    const handler = (event: SQSEvent) => processPartialResponse(event, failWhenFlagged, processor);

    // Act: with ReportBatchItemFailures on, Lambda returns exactly the reported ones
    const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: true });
    const idOfHandle = new Map(invocation?.messages.map((m) => [m.ReceiptHandle as string, m.MessageId as string]));
    await delay(1_300);
    const back = await drain(client, queue.url);

    // Assess
    expect(invocation?.error).to.equal(undefined);
    expect(invocation?.returned).to.deep.equal({
      batchItemFailures: sent.slice(0, 2).map((itemIdentifier) => ({ itemIdentifier })),
    });
    expect(deletes.handles.map((h) => idOfHandle.get(h))).to.have.members(sent.slice(2));
    expect(back.map((m) => m.MessageId)).to.have.members(sent.slice(0, 2));
  });

  it('every record failed: throws SqsBatchProcessingError with fullBatch, deletes nothing, and every message comes back', async function () {
    this.timeout(10_000);
    // Prepare
    const queue = await createQueueWithDlq(client, 'legacy-full', { visibilityTimeout: 1, maxReceiveCount: 5 });
    const sent = await sendMessages(client, queue.url, [{ MessageBody: '{}' }, { MessageBody: '{}' }, { MessageBody: '{}' }]);
    const processorClient = testSqsClient();
    const deletes = recordDeletes(processorClient);
    const processor = new PartialSqsProcessor({ client: processorClient, logger: silentLogger });
    const handler = (event: SQSEvent) =>
      processPartialResponse(
        event,
        () => {
          throw new Error('down');
        },
        processor,
        { throwOnFullBatchFailure: false },
      );

    // Act
    const invocation = await invokeOnce(client, queue, handler, { reportBatchItemFailures: false });
    await delay(1_300);
    const back = await drain(client, queue.url);

    // Assess
    const error = invocation?.error as SqsBatchProcessingError;
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    expect(error.code).to.equal('SQS_BATCH_PROCESSING_FAILED');
    expect(error.fullBatch).to.equal(true);
    expect(error.recordErrors).to.have.length(3);
    expect(error.deleted).to.equal(0);
    expect(deletes.calls).to.deep.equal([]);
    expect(back.map((m) => m.MessageId)).to.have.members(sent);
  });

  it('every record succeeded: deletes nothing itself and returns an empty response (Lambda deletes the batch)', async () => {
    // Prepare
    const queue = await createQueueWithDlq(client, 'legacy-ok', { visibilityTimeout: 1 });
    await sendMessages(client, queue.url, [{ MessageBody: '{}' }, { MessageBody: '{}' }]);
    const processorClient = testSqsClient();
    const deletes = recordDeletes(processorClient);
    const processor = new PartialSqsProcessor({ client: processorClient, logger: silentLogger });

    // Act
    const invocation = await invokeOnce(client, queue, (event) => processPartialResponse(event, () => {}, processor), {
      reportBatchItemFailures: false,
    });

    // Assess
    expect(invocation?.returned).to.deep.equal({ batchItemFailures: [] });
    expect(deletes.calls).to.deep.equal([]);
    expect(await drain(client, queue.url)).to.deep.equal([]);
  });
});
