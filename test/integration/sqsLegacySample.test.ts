// Runs samples/sqs-legacy on its events, against the test SQS server: the sample reads SQS_ENDPOINT (for local runs)
// when it is loaded, so it is loaded once the variable is set.
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { FAILURE_ATTRIBUTE, type FailureNote, SqsBatchProcessingError } from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import refundsJson from '../../samples/sqs-legacy/events/refunds.json';
import refundsValidJson from '../../samples/sqs-legacy/events/refunds-valid.json';
import { delay } from '../support/time';
import { sqsEndpoint } from './sqsServer';
import { drain, invokeOnce, queueCounts, sendMessages, testSqsClient } from './support';

const refunds = refundsJson as SQSEvent;
const refundsValid = refundsValidJson as SQSEvent;
const ENV = ['SQS_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

/** Runs `act` with the console silenced (the sample logs JSON lines); returns its result or what it threw. */
async function quietly<T>(act: () => Promise<T>): Promise<{ result?: T; error?: unknown }> {
  const { log, error } = console;
  console.log = () => {};
  console.error = () => {};
  try {
    return { result: await act() };
  } catch (thrown) {
    return { error: thrown };
  } finally {
    console.log = log;
    console.error = error;
  }
}

const noteOf = (value: string | undefined): FailureNote => JSON.parse(value as string) as FailureNote;

describe('samples/sqs-legacy against a real SQS server', () => {
  const saved: Partial<Record<(typeof ENV)[number], string>> = {};
  let client: SQSClient;
  let queue: { url: string; arn: string; dlqUrl: string };
  let sample: typeof import('../../samples/sqs-legacy/handler');

  before(async () => {
    for (const name of ENV) saved[name] = process.env[name];
    process.env.SQS_ENDPOINT = sqsEndpoint();
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    // The queues the sample's events name (arn:aws:sqs:eu-west-1:...:refunds), with a 1 s visibility timeout.
    client = testSqsClient('eu-west-1');
    const dlq = await client.send(new CreateQueueCommand({ QueueName: 'refunds-dlq' }));
    const dlqArn = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn.Attributes?.QueueArn, maxReceiveCount: 5 });
    const source = await client.send(
      new CreateQueueCommand({ QueueName: 'refunds', Attributes: { VisibilityTimeout: '1', RedrivePolicy: redrive } }),
    );
    const arn = await client.send(new GetQueueAttributesCommand({ QueueUrl: source.QueueUrl, AttributeNames: ['QueueArn'] }));
    queue = { url: source.QueueUrl as string, arn: arn.Attributes?.QueueArn as string, dlqUrl: dlq.QueueUrl as string };
    sample = await import('../../samples/sqs-legacy/handler');
  });

  after(() => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('refunds.json: books the good refunds, dead-letters the poison ones and throws for the locked one', async function () {
    this.timeout(10_000);
    // Prepare
    const booked = sample.ledger.refunds.length;

    // Act
    const { error } = await quietly(() => sample.handler(refunds, lambdaContext()));
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    const legacy = error as SqsBatchProcessingError;
    expect(legacy.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: refunds.Records[2]?.messageId }] });
    expect(legacy.deleted).to.equal(4);
    expect(legacy.deleteFailures).to.deep.equal([]);
    expect(sample.ledger.refunds.slice(booked).map((r) => r.orderId)).to.deep.equal(['ORD-1001', 'ORD-1002']);
    const notes = inDlq.map((m) => noteOf(m.MessageAttributes?.[FAILURE_ATTRIBUTE]?.StringValue));
    expect(notes.map((n) => [n.messageId, n.code])).to.have.deep.members([
      [refunds.Records[1]?.messageId, 'RECORD_VALIDATION_FAILED'],
      [refunds.Records[3]?.messageId, 'NON_RETRYABLE'],
    ]);
    expect(inDlq.every((m) => m.MessageAttributes?.tenant?.StringValue === 'acme')).to.equal(true);
  });

  it('refunds-valid.json: every refund booked, nothing deleted by the function, an empty response', async () => {
    // Prepare
    const booked = sample.ledger.refunds.length;

    // Act
    const { result, error } = await quietly(() => sample.handler(refundsValid, lambdaContext()));

    // Assess
    expect(error).to.equal(undefined);
    expect(result).to.deep.equal({ batchItemFailures: [] });
    expect(sample.ledger.refunds.length - booked).to.equal(2);
  });

  it('end to end: the locked refund stays away for its backoff, the rest is deleted or in the DLQ', async function () {
    this.timeout(10_000);
    // Prepare
    const bodies = refunds.Records.map((r) => ({
      MessageBody: r.body,
      MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' } },
    }));
    const sent = await sendMessages(client, queue.url, bodies);

    // Act
    const invocation = await quietly(() =>
      invokeOnce(client, queue, (event) => sample.handler(event, lambdaContext()), { reportBatchItemFailures: false }),
    );
    await delay(1_300);
    const early = await drain(client, queue.url);
    const counts = await queueCounts(client, queue.url);
    const inDlq = await drain(client, queue.dlqUrl);

    // Assess
    const legacy = invocation.result?.error as SqsBatchProcessingError;
    expect(legacy).to.be.instanceOf(SqsBatchProcessingError);
    expect(legacy.response).to.deep.equal({
      batchItemFailures: [{ itemIdentifier: sent[2] }],
    });
    expect(early).to.deep.equal([]); // the queue's own timeout is 1 s; the backoff is 15 to 30 s
    expect(counts).to.deep.equal({ visible: 0, inFlight: 1 });
    expect(inDlq.map((m) => noteOf(m.MessageAttributes?.[FAILURE_ATTRIBUTE]?.StringValue).messageId)).to.have.members([
      sent[1],
      sent[3],
    ]);
  });
});
