import { DeleteMessageBatchCommand, GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import {
  BatchProcessingError,
  FullBatchFailureError,
  NonRetryableError,
  PartialSqsProcessor,
  processPartialResponse,
  SqsBatchProcessingError,
  SqsFifoRequeuedError,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { failWhenFlagged } from '../../support/handlers';
import { capturingLogger } from '../../support/logger';
import { inputsOf, mockedSqs, QUEUE_URL, VALID_ENTRY_ID } from '../sqs/support';

type DeleteInput = { QueueUrl: string; Entries: { Id: string; ReceiptHandle: string }[] };

describe('PartialSqsProcessor (legacy mode)', () => {
  it('deletes nothing and returns an empty response when every record succeeds', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });

    // Act
    const response = await processPartialResponse(sqsEvent([{ n: 1 }, { n: 2 }]), failWhenFlagged, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(sqs.calls()).to.have.length(0);
  });

  it('deletes exactly the successful messages, then throws SqsBatchProcessingError naming the failed ones', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });
    const event = sqsEvent([{ n: 0 }, { fail: true }, { n: 2 }, { fail: true }]);
    const [ok0, bad1, ok2, bad3] = event.Records as SQSRecord[];

    // Act
    const error = await rejectionOf(processPartialResponse(event, failWhenFlagged, processor));

    // Assess
    expect(error).to.be.instanceOf(SqsBatchProcessingError).and.instanceOf(BatchProcessingError);
    const sqsError = error as SqsBatchProcessingError;
    expect(sqsError.code).to.equal('SQS_BATCH_PROCESSING_FAILED');
    expect(sqsError.fullBatch).to.equal(false);
    expect(sqsError.deleted).to.equal(2);
    expect(sqsError.deleteFailures).to.deep.equal([]);
    expect(sqsError.recordErrors).to.have.length(2);
    expect(sqsError.response).to.deep.equal({
      batchItemFailures: [{ itemIdentifier: bad1?.messageId }, { itemIdentifier: bad3?.messageId }],
    });
    const deletes = inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand);
    expect(deletes).to.have.length(1);
    expect(deletes[0]?.QueueUrl).to.equal(QUEUE_URL);
    expect(deletes[0]?.Entries.map((e) => e.ReceiptHandle)).to.deep.equal([ok0?.receiptHandle, ok2?.receiptHandle]);
    expect(processor.response()).to.deep.equal(sqsError.response);
  });

  it('resolves the queue URL with GetQueueUrl from the ARN (name and owner account), once per ARN', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });
    const arn = 'arn:aws:sqs:us-east-1:210987654321:other-owners-queue';
    const event = () => ({
      Records: [sqsRecord({ n: 1 }, { eventSourceARN: arn }), sqsRecord({ fail: true }, { eventSourceARN: arn })],
    });

    // Act
    await rejectionOf(processPartialResponse(event(), failWhenFlagged, processor));
    await rejectionOf(processPartialResponse(event(), failWhenFlagged, processor));

    // Assess
    expect(inputsOf(sqs, GetQueueUrlCommand)).to.deep.equal([
      { QueueName: 'other-owners-queue', QueueOwnerAWSAccountId: '210987654321' },
    ]);
    expect(inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand).map((i) => i.QueueUrl)).to.deep.equal([
      'https://sqs.us-east-1.amazonaws.com/210987654321/other-owners-queue',
      'https://sqs.us-east-1.amazonaws.com/210987654321/other-owners-queue',
    ]);
  });

  it('deletes in calls of at most 10 entries, with valid and distinct entry ids', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });
    const event = sqsEvent([...Array.from({ length: 25 }, (_, n) => ({ n })), { fail: true }]);

    // Act
    const error = (await rejectionOf(processPartialResponse(event, failWhenFlagged, processor))) as SqsBatchProcessingError;

    // Assess
    const deletes = inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand);
    expect(deletes.map((d) => d.Entries.length)).to.deep.equal([10, 10, 5]);
    for (const { Entries } of deletes) {
      expect(new Set(Entries.map((e) => e.Id)).size).to.equal(Entries.length);
      for (const entry of Entries) expect(entry.Id).to.match(VALID_ENTRY_ID);
    }
    expect(deletes.flatMap((d) => d.Entries.map((e) => e.ReceiptHandle))).to.deep.equal(
      event.Records.slice(0, 25).map((r) => r.receiptHandle),
    );
    expect(error.deleted).to.equal(25);
  });

  it('every record failed: throws SqsBatchProcessingError with fullBatch (never FullBatchFailureError) and deletes nothing', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });

    // Act
    const error = await rejectionOf(
      processPartialResponse(sqsEvent([{ fail: true }, { fail: true }]), failWhenFlagged, processor, {
        throwOnFullBatchFailure: false,
      }),
    );

    // Assess
    expect(error).to.be.instanceOf(SqsBatchProcessingError).and.not.instanceOf(FullBatchFailureError);
    expect((error as SqsBatchProcessingError).fullBatch).to.equal(true);
    expect(sqs.calls()).to.have.length(0);
  });

  it('reports deletes that failed in the error, and never deletes a failed message', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs.on(DeleteMessageBatchCommand).callsFake(async (input: DeleteInput) => ({
      Successful: input.Entries.slice(1).map((e) => ({ Id: e.Id })),
      Failed: [{ Id: input.Entries[0]?.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'expired' }],
    }));
    const logger = capturingLogger();
    const processor = new PartialSqsProcessor({ client, logger });
    const event = sqsEvent([{ n: 0 }, { n: 1 }, { fail: true }]);

    // Act
    const error = (await rejectionOf(processPartialResponse(event, failWhenFlagged, processor))) as SqsBatchProcessingError;

    // Assess
    expect(error.deleteFailures).to.deep.equal([
      {
        itemIdentifier: event.Records[0]?.messageId,
        index: 0,
        code: 'ReceiptHandleIsInvalid',
        message: 'expired',
        senderFault: true,
      },
    ]);
    expect(error.deleted).to.equal(1);
    const deleted = inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand).flatMap((d) => d.Entries.map((e) => e.ReceiptHandle));
    expect(deleted).to.not.include(event.Records[2]?.receiptHandle);
    expect(
      logger.entries.filter((e) => e.level === 'error' && e.details?.sqsErrorCode === 'ReceiptHandleIsInvalid'),
    ).to.have.length(1);
  });

  it('suppressException: returns the response naming the failures, warns, and still deletes only the successes', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const logger = capturingLogger();
    const processor = new PartialSqsProcessor({ client, logger, suppressException: true });
    const event = sqsEvent([{ n: 0 }, { fail: true }]);

    // Act
    const response = await processPartialResponse(event, failWhenFlagged, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(
      inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand).flatMap((d) => d.Entries.map((e) => e.ReceiptHandle)),
    ).to.deep.equal([event.Records[0]?.receiptHandle]);
    const warning = logger.entries.find((e) => e.level === 'warn');
    expect(warning?.details).to.include({ failed: 1, errorCode: 'SQS_BATCH_PROCESSING_FAILED' });
  });

  it('works with register and process, and returns the results when nothing failed', async () => {
    // Prepare
    const { client } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });
    const ok = sqsEvent([{ n: 1 }]).Records;
    const mixed = sqsEvent([{ n: 1 }, { fail: true }]).Records;

    // Act
    const results = await processor.register(ok, failWhenFlagged).process();
    const error = await rejectionOf(processor.register(mixed, failWhenFlagged).process());

    // Assess
    expect(results.map((r) => r[0])).to.deep.equal(['success']);
    expect(error).to.be.instanceOf(SqsBatchProcessingError);
    expect(processor.failureMessages).to.deep.equal([mixed[1]]);
  });

  it('FIFO: deletes the successes before the failure; the failed and skipped records return, in order', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });
    const event = sqsEvent([{ n: 0 }, { n: 1 }, { fail: true }, { n: 3 }, { n: 4 }], { fifo: true });
    const ids = event.Records.map((r) => r.messageId);

    // Act
    const error = (await rejectionOf(processPartialResponse(event, failWhenFlagged, processor))) as SqsBatchProcessingError;

    // Assess
    expect(error.response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(ids.slice(2));
    expect(error.recordErrors.slice(1).every((e) => e instanceof SqsFifoShortCircuitError)).to.equal(true);
    expect(
      inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand).flatMap((d) => d.Entries.map((e) => e.ReceiptHandle)),
    ).to.deep.equal(event.Records.slice(0, 2).map((r) => r.receiptHandle));
  });

  it('treats a record without a receipt handle as a failed delete (delivered again), not as deleted', async () => {
    // Prepare
    const { client } = mockedSqs();
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });
    const event = { Records: [sqsRecord({ n: 0 }, { receiptHandle: '' }), sqsRecord({ fail: true })] };

    // Act
    const error = (await rejectionOf(processPartialResponse(event, failWhenFlagged, processor))) as SqsBatchProcessingError;

    // Assess
    expect(error.deleteFailures.map((f) => [f.index, f.code])).to.deep.equal([[0, 'MissingReceiptHandle']]);
    expect(error.deleted).to.equal(0);
  });
});

describe('PartialSqsProcessor queue URL cache', () => {
  it('does not keep a failed GetQueueUrl: the next batch asks again and deletes', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs
      .on(GetQueueUrlCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'RequestThrottled', $metadata: {} }))
      .resolves({ QueueUrl: QUEUE_URL });
    const processor = new PartialSqsProcessor({ client, logger: silentLogger });

    // Act
    const first = (await rejectionOf(
      processPartialResponse(sqsEvent([{ n: 1 }, { fail: true }]), failWhenFlagged, processor),
    )) as SqsBatchProcessingError;
    const second = (await rejectionOf(
      processPartialResponse(sqsEvent([{ n: 1 }, { fail: true }]), failWhenFlagged, processor),
    )) as SqsBatchProcessingError;

    // Assess
    expect(first.deleteFailures.map((f) => f.code)).to.deep.equal(['RequestThrottled']);
    expect(second.deleteFailures).to.deep.equal([]);
    expect(second.deleted).to.equal(1);
    expect(inputsOf(sqs, GetQueueUrlCommand)).to.have.length(2);
  });
});

describe('PartialSqsProcessor with poison messages on a FIFO queue', () => {
  it('when the DLQ send fails, deletes only what ran before the poison record: the rest returns in order', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs
      .on(SendMessageBatchCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $fault: 'client', $metadata: {} }));
    const processor = new PartialSqsProcessor({ client, poisonMessages: 'dlq', logger: silentLogger });
    const event = sqsEvent([{ n: 0 }, { poison: true }, { n: 2 }, { n: 3 }], { fifo: true });
    const handler = (record: SQSRecord) => {
      if ((JSON.parse(record.body) as { poison?: boolean }).poison === true) throw new NonRetryableError('never');
    };

    // Act
    const error = (await rejectionOf(processPartialResponse(event, handler, processor))) as SqsBatchProcessingError;

    // Assess
    expect(error.response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(
      event.Records.slice(1).map((r) => r.messageId),
    );
    expect(error.recordErrors.slice(1).every((e) => e instanceof SqsFifoRequeuedError)).to.equal(true);
    expect(
      inputsOf<DeleteInput>(sqs, DeleteMessageBatchCommand).flatMap((d) => d.Entries.map((e) => e.ReceiptHandle)),
    ).to.deep.equal([event.Records[0]?.receiptHandle]);
  });
});
