import { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import {
  BatchProcessor,
  EventType,
  NonRetryableError,
  processPartialResponse,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';
import { sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { backoffSeconds } from '../../../src/sqs/retryBackoff';
import { capturingLogger } from '../../support/logger';
import { inputsOf, mockedSqs, QUEUE_URL } from './support';

const failWhen = (record: SQSRecord): void => {
  const body = JSON.parse(record.body) as { fail?: boolean; poison?: boolean };
  if (body.poison === true) throw new NonRetryableError('cannot ever work');
  if (body.fail === true) throw new Error('overloaded');
};

describe('sqs/retryBackoff', () => {
  it('doubles from baseSeconds with each receive and stops at maxSeconds', () => {
    // Prepare
    const backoff = { baseSeconds: 5, maxSeconds: 60 };

    // Act
    const delays = [1, 2, 3, 4, 5, 6, 100].map((attempt) => backoffSeconds(backoff, attempt));

    // Assess
    expect(delays).to.deep.equal([5, 10, 20, 40, 60, 60, 60]);
  });

  it('never exceeds the 12 hours SQS allows', () => {
    // Prepare / Act
    const seconds = backoffSeconds({ baseSeconds: 40_000, maxSeconds: 43_200 }, 3);

    // Assess
    expect(seconds).to.equal(43_200);
  });

  it('with jitter, stays between half the delay and all of it', () => {
    // Prepare
    const backoff = { baseSeconds: 10, maxSeconds: 1_000, jitter: true };

    // Act
    const low = backoffSeconds(backoff, 3, () => 0);
    const high = backoffSeconds(backoff, 3, () => 0.999_999);
    const samples = Array.from({ length: 200 }, () => backoffSeconds(backoff, 3));

    // Assess
    expect(low).to.equal(20);
    expect(high).to.equal(40);
    for (const s of samples) expect(s).to.be.within(20, 40);
  });
});

describe('retryBackoff on a processor', () => {
  type ChangeInput = { QueueUrl: string; Entries: { Id: string; ReceiptHandle: string; VisibilityTimeout: number }[] };

  it('delays each retryable failure by its backoff, from its ApproximateReceiveCount', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new BatchProcessor(EventType.SQS, {
      client,
      retryBackoff: { baseSeconds: 10, maxSeconds: 300 },
      logger: silentLogger,
    });
    const batch = {
      Records: [
        sqsRecord({ fail: true }, { attributes: { ApproximateReceiveCount: '1' } }),
        sqsRecord({ fail: false }),
        sqsRecord({ fail: true }, { attributes: { ApproximateReceiveCount: '3' } }),
        sqsRecord({ fail: true }, { attributes: { ApproximateReceiveCount: '9' } }),
      ],
    };

    // Act
    const response = await processPartialResponse(batch, failWhen, processor);

    // Assess
    expect(response.batchItemFailures).to.have.length(3);
    const changes = inputsOf<ChangeInput>(sqs, ChangeMessageVisibilityBatchCommand);
    expect(changes.map((c) => c.QueueUrl)).to.deep.equal([QUEUE_URL]);
    expect(changes[0]?.Entries.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).to.deep.equal([
      [batch.Records[0]?.receiptHandle, 10],
      [batch.Records[2]?.receiptHandle, 40],
      [batch.Records[3]?.receiptHandle, 300],
    ]);
  });

  it('leaves out skipped, non-retryable and dead-lettered records, and changes at most 10 per call', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new SqsFifoPartialProcessor({
      client,
      poisonMessages: 'dlq',
      retryBackoff: { baseSeconds: 5, maxSeconds: 60 },
      logger: silentLogger,
    });
    const standard = new BatchProcessor(EventType.SQS, {
      client,
      retryBackoff: { baseSeconds: 5, maxSeconds: 60 },
      logger: silentLogger,
    });
    const fifo = sqsEvent([{ fail: false }, { poison: true }, { fail: true }, { fail: false }], { fifo: true });
    const many = sqsEvent(Array.from({ length: 12 }, () => ({ fail: true })));

    // Act
    await processPartialResponse(fifo, failWhen, processor);
    const afterFifo = inputsOf<ChangeInput>(sqs, ChangeMessageVisibilityBatchCommand).flatMap((c) =>
      c.Entries.map((e) => e.ReceiptHandle),
    );
    await processPartialResponse(many, failWhen, standard, { throwOnFullBatchFailure: false });

    // Assess
    expect(afterFifo).to.deep.equal([fifo.Records[2]?.receiptHandle]);
    const calls = inputsOf<ChangeInput>(sqs, ChangeMessageVisibilityBatchCommand).slice(1);
    expect(calls.map((c) => c.Entries.length)).to.deep.equal([10, 2]);
  });

  it('logs a change that failed and changes nothing else about the response', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs
      .on(ChangeMessageVisibilityBatchCommand)
      .resolves({ Failed: [{ Id: 'r0', SenderFault: true, Code: 'MessageNotInflight' }] });
    const logger = capturingLogger();
    const processor = new BatchProcessor(EventType.SQS, { client, retryBackoff: { baseSeconds: 5, maxSeconds: 60 }, logger });
    const batch = sqsEvent([{ fail: true }, { fail: false }]);

    // Act
    const response = await processPartialResponse(batch, failWhen, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: batch.Records[0]?.messageId }] });
    expect(logger.entries.filter((e) => e.level === 'warn').map((e) => e.details?.sqsErrorCode)).to.deep.equal([
      'MessageNotInflight',
    ]);
  });
});
