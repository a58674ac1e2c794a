import { DeleteMessageBatchCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, KinesisStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import {
  BatchHandler,
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  InvalidOptionError,
  PartialSqsProcessor,
  processPartialResponse,
  RecordHandler,
  SqsBatchProcessingError,
  silentLogger,
} from 'batchkit';
import { kinesisEvent, lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { failWhenFlagged } from '../../support/handlers';
import { inputsOf, mockedSqs } from './support';

describe('@BatchHandler SQS options', () => {
  it('deleteSuccessful: deletes the successes and throws SqsBatchProcessingError; one processor serves every call', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    class Handler {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        failWhenFlagged(record);
      }

      @BatchHandler({ deleteSuccessful: true, sqsClient: client, logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const handler = new Handler().handler;
    const first = sqsEvent([{ n: 1 }, { fail: true }]);
    const second = sqsEvent([{ n: 2 }, { fail: true }]);

    // Act
    const firstError = await rejectionOf(handler(first, lambdaContext()));
    const secondError = await rejectionOf(new Handler().handler(second, lambdaContext()));

    // Assess
    expect(firstError).to.be.instanceOf(SqsBatchProcessingError);
    expect(secondError).to.be.instanceOf(SqsBatchProcessingError);
    expect((firstError as SqsBatchProcessingError).response).to.deep.equal({
      batchItemFailures: [{ itemIdentifier: first.Records[1]?.messageId }],
    });
    const deleted = inputsOf<{ Entries: { ReceiptHandle: string }[] }>(sqs, DeleteMessageBatchCommand).flatMap((d) =>
      d.Entries.map((e) => e.ReceiptHandle),
    );
    expect(deleted).to.deep.equal([first.Records[0]?.receiptHandle, second.Records[0]?.receiptHandle]);
    expect(inputsOf(sqs, GetQueueUrlCommand)).to.have.length(1);
  });

  it('deleteSuccessful with suppressException returns the response instead of throwing', async () => {
    // Prepare
    const { client } = mockedSqs();
    class Handler {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        failWhenFlagged(record);
      }

      @BatchHandler({ deleteSuccessful: true, suppressException: true, sqsClient: client, logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const batch = sqsEvent([{ fail: true }, { n: 1 }]);

    // Act
    const response = await new Handler().handler(batch, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: batch.Records[0]?.messageId }] });
  });

  it('leaves records of other sources alone: no SQS call, the usual full-batch rule', async () => {
    // Prepare
    const { client, sqs } = mockedSqs();
    class Handler {
      @RecordHandler(EventType.KinesisDataStreams, { dto: false })
      async handle() {
        throw new Error('down');
      }

      @BatchHandler({ deleteSuccessful: true, poisonMessages: 'dlq', sqsClient: client, logger: silentLogger })
      async handler(event: KinesisStreamEvent, context: Context) {}
    }

    // Act
    const error = await rejectionOf(new Handler().handler(kinesisEvent([{ a: 1 }]), lambdaContext()));

    // Assess
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect(sqs.calls()).to.have.length(0);
  });

  it('refuses SQS options next to a custom processor, where the class is declared', () => {
    // Act
    const declare = () =>
      BatchHandler({ poisonMessages: 'dlq', processor: new BatchProcessor(EventType.SQS), logger: silentLogger });

    // Assess
    expect(declare).to.throw(InvalidOptionError);
  });
});

describe('SQS clients created by batchkit', () => {
  let prototypeMock: AwsClientStub<SQSClient> | undefined;

  afterEach(() => {
    prototypeMock?.restore();
  });

  it("use the queue's region from its ARN, unless clientConfig names one", async () => {
    // Prepare
    const sqs = mockClient(SQSClient);
    prototypeMock = sqs;
    sqs
      .on(GetQueueUrlCommand)
      .callsFake(async (input: { QueueName: string }) => ({ QueueUrl: `https://example/${input.QueueName}` }));
    sqs
      .on(DeleteMessageBatchCommand)
      .callsFake(async (input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id })) }));
    const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
    const fromArn = new PartialSqsProcessor({ clientConfig: { credentials }, logger: silentLogger });
    const pinned = new PartialSqsProcessor({ clientConfig: { credentials, region: 'us-west-2' }, logger: silentLogger });
    const arn = 'arn:aws:sqs:eu-central-1:123456789012:orders';
    const batch = () => ({
      Records: [sqsRecord({ n: 1 }, { eventSourceARN: arn }), sqsRecord({ fail: true }, { eventSourceARN: arn })],
    });

    // Act
    await rejectionOf(processPartialResponse(batch(), failWhenFlagged, fromArn));
    await rejectionOf(processPartialResponse(batch(), failWhenFlagged, pinned));

    // Assess
    const regions = await Promise.all(
      sqs.commandCalls(GetQueueUrlCommand).map((call) => (call.thisValue as SQSClient).config.region()),
    );
    expect(regions).to.deep.equal(['eu-central-1', 'us-west-2']);
  });
});
