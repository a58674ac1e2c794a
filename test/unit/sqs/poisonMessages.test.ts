import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  EventType,
  FAILURE_ATTRIBUTE,
  MissingTypeMetadataError,
  NonRetryableError,
  processPartialResponse,
  type RecordFailure,
  RecordHandler,
  RecordValidationError,
  SqsFifoPartialProcessor,
  SqsFifoRequeuedError,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt } from 'class-validator';
import { capturingLogger } from '../../support/logger';
import { DLQ_URL, inputsOf, mockedSqs, QUEUE_URL } from './support';

type SendInput = { QueueUrl: string; Entries: SendMessageBatchRequestEntry[] };

class CountDto {
  @IsInt() count!: number;
}

/** Bodies: a number is a valid DTO, 'bad' fails validation, 'retry' makes the handler throw a retryable error. */
function event(bodies: readonly (number | 'bad' | 'retry')[], fifo = false): SQSEvent {
  return sqsEvent(
    bodies.map((b) => (typeof b === 'number' ? { count: b } : b === 'bad' ? { count: 'x' } : { count: -1 })),
    { fifo },
  );
}

const handle = (dto: CountDto): void => {
  if (dto.count < 0) throw new Error('downstream timeout');
};

const ids = (e: SQSEvent, ...indexes: number[]) => indexes.map((i) => ({ itemIdentifier: e.Records[i]?.messageId as string }));

describe('poison messages (poisonMessages: dlq)', () => {
  it("'retry' (the default) leaves poison messages to the queue's own redrive: nothing is sent", async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new BatchProcessor(EventType.SQS, { client, dto: CountDto, logger: silentLogger });
    const batch = event([1, 'bad']);

    // Act
    const response = await processPartialResponse(batch, handle, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: ids(batch, 1) });
    expect(sqs.calls()).to.have.length(0);
  });

  it("sends them to the DLQ of the queue's RedrivePolicy, looked up once per queue, and leaves them out of the response", async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new BatchProcessor(EventType.SQS, { client, dto: CountDto, poisonMessages: 'dlq', logger: silentLogger });
    const first = event([1, 'bad', 'retry', 'bad']);
    const second = event(['bad']);

    // Act
    const firstResponse = await processPartialResponse(first, handle, processor);
    const secondResponse = await processPartialResponse(second, handle, processor);

    // Assess
    expect(firstResponse).to.deep.equal({ batchItemFailures: ids(first, 2) });
    expect(secondResponse).to.deep.equal({ batchItemFailures: [] });
    expect(inputsOf(sqs, GetQueueAttributesCommand)).to.deep.equal([{ QueueUrl: QUEUE_URL, AttributeNames: ['RedrivePolicy'] }]);
    expect(inputsOf(sqs, GetQueueUrlCommand)).to.have.length(2); // the source queue, then its DLQ
    const sends = inputsOf<SendInput>(sqs, SendMessageBatchCommand);
    expect(sends.map((s) => s.QueueUrl)).to.deep.equal([DLQ_URL, DLQ_URL]);
    expect(sends[0]?.Entries.map((e) => e.MessageBody)).to.deep.equal([first.Records[1]?.body, first.Records[3]?.body]);
    const note = JSON.parse(sends[0]?.Entries[0]?.MessageAttributes?.[FAILURE_ATTRIBUTE]?.StringValue as string);
    expect(note).to.include({ code: 'RECORD_VALIDATION_FAILED', messageId: first.Records[1]?.messageId });
  });

  it('sends to an explicit dlqUrl without looking up the redrive policy', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const dlqUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/elsewhere';
    const processor = new BatchProcessor(EventType.SQS, { client, dto: CountDto, dlqUrl, logger: silentLogger });

    // Act
    const response = await processPartialResponse(event(['bad', 1]), handle, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(inputsOf(sqs, GetQueueAttributesCommand)).to.deep.equal([]);
    expect(inputsOf(sqs, GetQueueUrlCommand)).to.deep.equal([]);
    expect(inputsOf<SendInput>(sqs, SendMessageBatchCommand).map((s) => s.QueueUrl)).to.deep.equal([dlqUrl]);
  });

  it('without a DLQ the poison message stays an ordinary failure, and the next batch asks again', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
    const logger = capturingLogger();
    const processor = new BatchProcessor(EventType.SQS, { client, dto: CountDto, poisonMessages: 'dlq', logger });
    const batch = event(['bad', 1]);

    // Act
    const response = await processPartialResponse(batch, handle, processor);
    await processPartialResponse(event(['bad']), handle, processor, { throwOnFullBatchFailure: false });

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: ids(batch, 0) });
    expect(inputsOf(sqs, GetQueueAttributesCommand)).to.have.length(2);
    expect(inputsOf(sqs, SendMessageBatchCommand)).to.deep.equal([]);
    expect(logger.entries.some((e) => e.level === 'error' && e.details?.sqsErrorCode === 'NoDeadLetterQueue')).to.equal(true);
  });

  it('counts NonRetryableError and the nonRetryableErrors classes as poison, but not other errors', async () => {
    // Prepare
    class UnknownCustomerError extends Error {}
    const { client, sqs } = mockedSqs();
    const processor = new BatchProcessor(EventType.SQS, {
      client,
      poisonMessages: 'dlq',
      nonRetryableErrors: [UnknownCustomerError],
      logger: silentLogger,
    });
    const batch = sqsEvent(['custom', 'typed', 'plain', 'ok']);
    const handler = (record: SQSRecord) => {
      if (record.body === 'custom') throw new UnknownCustomerError('no such customer');
      if (record.body === 'typed') throw new NonRetryableError('order cancelled');
      if (record.body === 'plain') throw new Error('timeout');
    };

    // Act
    const { outcome } = await processor.execute(batch.Records, await processor.invokerFor(handler));

    // Assess
    expect(outcome.response).to.deep.equal({ batchItemFailures: ids(batch, 2) });
    expect(outcome.failures.map((f) => [f.index, f.retryable, f.sentToDlq])).to.deep.equal([
      [0, false, true],
      [1, false, true],
      [2, true, false],
    ]);
    const sent = inputsOf<SendInput>(sqs, SendMessageBatchCommand).flatMap((s) => s.Entries.map((e) => e.MessageBody));
    expect(sent).to.deep.equal(['custom', 'typed']);
    expect(new NonRetryableError('x').code).to.equal('NON_RETRYABLE');
  });

  it('never dead-letters configuration errors, which every message would hit', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    const processor = new BatchProcessor(EventType.SQS, { client, poisonMessages: 'dlq', logger: silentLogger });
    const batch = sqsEvent([{}, {}]);

    // Act
    const response = await processPartialResponse(
      batch,
      () => {
        throw new MissingTypeMetadataError('Handler', 'handle', 'No type.');
      },
      processor,
      { throwOnFullBatchFailure: false },
    );

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: ids(batch, 0, 1) });
    expect(inputsOf(sqs, SendMessageBatchCommand)).to.deep.equal([]);
  });

  it('a batch whose failures all went to the DLQ is not a full batch failure', async () => {
    // Prepare
    const { client } = mockedSqs();
    const processor = new BatchProcessor(EventType.SQS, { client, dto: CountDto, poisonMessages: 'dlq', logger: silentLogger });

    // Act
    const response = await processPartialResponse(event(['bad', 'bad']), handle, processor);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(processor.errors).to.have.length(2);
    expect(processor.errors.every((e) => e instanceof RecordValidationError)).to.equal(true);
  });

  it('hands onFailure every failure with sentToDlq true or false', async () => {
    // Prepare
    const { client } = mockedSqs();
    const seen: RecordFailure[] = [];
    class Handler {
      @RecordHandler(EventType.SQS)
      async handle(dto: CountDto) {
        if (dto.count < 0) throw new Error('downstream timeout');
      }

      @BatchHandler({ poisonMessages: 'dlq', sqsClient: client, logger: silentLogger })
      async handler(e: SQSEvent, context: Context) {}

      onFailure(failure: RecordFailure) {
        seen.push(failure);
      }
    }
    const batch = event(['bad', 'retry', 3]);

    // Act
    const response = await new Handler().handler(batch, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: ids(batch, 1) });
    expect(seen.map((f) => [f.index, f.sentToDlq, f.handled === true, f.retryable])).to.deep.equal([
      [0, true, true, false],
      [1, false, false, true],
    ]);
  });

  describe('FIFO', () => {
    it('a poison record that went to the DLQ does not stop the rest of the batch; a retryable failure still does', async () => {
      // Prepare
      const { client } = mockedSqs();
      const processor = new SqsFifoPartialProcessor({ client, dto: CountDto, poisonMessages: 'dlq', logger: silentLogger });
      const batch = event([1, 'bad', 2, 'retry', 3], true);

      // Act
      const response = await processPartialResponse(batch, handle, processor);
      const results = processor.errors;

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: ids(batch, 3, 4) });
      expect(results[0]).to.be.instanceOf(RecordValidationError);
      expect(results[1]).to.not.be.instanceOf(SqsFifoShortCircuitError);
      expect(results[2]).to.be.instanceOf(SqsFifoShortCircuitError);
      expect(processor.successMessages.map((r) => (r as SQSRecord).messageId)).to.deep.equal([
        batch.Records[0]?.messageId,
        batch.Records[2]?.messageId,
      ]);
    });

    it("without 'dlq' a poison record stops the batch as before", async () => {
      // Prepare
      const processor = new SqsFifoPartialProcessor({ dto: CountDto, logger: silentLogger });
      const batch = event(['bad', 2], true);

      // Act
      const response = await processPartialResponse(batch, handle, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: ids(batch, 0, 1) });
    });

    it('when the DLQ send fails, the records after the poison one return too, to keep the order', async () => {
      // Prepare
      const { client, sqs } = mockedSqs();
      sqs
        .on(SendMessageBatchCommand)
        .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $fault: 'client', $metadata: {} }));
      const processor = new SqsFifoPartialProcessor({ client, dto: CountDto, poisonMessages: 'dlq', logger: silentLogger });
      const batch = event([1, 'bad', 2, 3], true);

      // Act
      const response = await processPartialResponse(batch, handle, processor);

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: ids(batch, 1, 2, 3) });
      expect(processor.errors[0]).to.be.instanceOf(RecordValidationError);
      expect(processor.errors.slice(1).every((e) => e instanceof SqsFifoRequeuedError)).to.equal(true);
      expect((processor.errors[1] as SqsFifoRequeuedError).code).to.equal('FIFO_REQUEUED');
    });

    it('with skip-group, only the later records of the poison record’s group return', async () => {
      // Prepare
      const { client, sqs } = mockedSqs();
      sqs
        .on(SendMessageBatchCommand)
        .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $fault: 'client', $metadata: {} }));
      const processor = new SqsFifoPartialProcessor({ client, dto: CountDto, poisonMessages: 'dlq', logger: silentLogger });
      const arn = 'arn:aws:sqs:us-east-1:123456789012:batchkit-queue.fifo';
      const record = (body: unknown, group: string) =>
        sqsRecord(body, { eventSourceARN: arn, attributes: { MessageGroupId: group } });
      const batch = {
        Records: [record({ count: 'x' }, 'a'), record({ count: 1 }, 'b'), record({ count: 2 }, 'a'), record({ count: 3 }, 'b')],
      };

      // Act
      const response = await processPartialResponse(batch, handle, processor, { skipGroupOnError: true });

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: ids(batch, 0, 2) });
      expect(processor.successMessages.map((r) => (r as SQSRecord).messageId)).to.deep.equal([
        batch.Records[1]?.messageId,
        batch.Records[3]?.messageId,
      ]);
    });
  });
});
