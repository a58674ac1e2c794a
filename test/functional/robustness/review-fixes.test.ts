import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  AsyncHandlerError,
  BatchHandler,
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  processPartialResponse,
  RecordHandler,
  RecordParseError,
  SqsFifoRequeuedError,
  silentLogger,
} from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsOptional } from 'class-validator';
import { ProcessingRun, RecordContextImpl } from '../../../src/processing/ProcessingRun.js';
import { resolveRunSettings } from '../../../src/processing/runSettings.js';
import { requeueBehind } from '../../../src/sqs/deadLetter/fifoRequeue.js';
import { thrownBy } from '../../support/errors.js';

describe('edges found in review', () => {
  it('BatchProcessorSync fails records of an async handler with AsyncHandlerError, through processPartialResponse too', async () => {
    // Prepare
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    const event = sqsEvent([{ n: 1 }, { n: 2 }]);

    // Act
    const response = await processPartialResponse(event, async () => 'saved', processor, { throwOnFullBatchFailure: false });

    // Assess
    expect(response.batchItemFailures).to.have.length(2);
    expect(processor.errors.every((e) => e instanceof AsyncHandlerError)).to.equal(true);
  });

  it('keeps every @RecordHandler of a method that is decorated for two sources', async () => {
    // Prepare
    const seen: string[] = [];
    class Fanout {
      @RecordHandler(EventType.SQS, { dto: false })
      @RecordHandler(EventType.KinesisDataStreams, { dto: false })
      handle(record: { eventSource: string }) {
        seen.push(record.eventSource);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(_event: SQSEvent) {}
    }
    const handler = new Fanout().handler;

    // Act
    const fromSqs = await handler(sqsEvent([{}]));
    const fromKinesis = await handler(kinesisEvent([{}]) as never);

    // Assess
    expect([fromSqs, fromKinesis]).to.deep.equal([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(seen).to.deep.equal(['aws:sqs', 'aws:kinesis']);
  });

  it('fails a malformed record alone (null record, DynamoDB Keys null), never the whole batch', async () => {
    // Prepare
    const dynamo = dynamodbStreamEvent([
      { eventName: 'INSERT', keys: { pk: 'a' }, newImage: { pk: 'a' } },
      { eventName: 'INSERT', keys: { pk: 'b' }, newImage: { pk: 'b' } },
    ]);
    (dynamo.Records[1]?.dynamodb as { Keys: unknown }).Keys = null;
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });
    const sqs = { Records: [sqsRecord({}), null] };

    // Act
    const response = await processPartialResponse(dynamo, () => 'ok', processor, { onError: 'skip-group' }); // needs the keys
    const sqsError = await processPartialResponse(
      sqs,
      () => 'ok',
      new BatchProcessor(EventType.SQS, { logger: silentLogger }),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: dynamo.Records[1]?.dynamodb?.SequenceNumber }]);
    expect(processor.errors[0]).to.be.instanceOf(RecordParseError);
    // the null record has no identifier: the invocation throws (batch retried) instead of a TypeError
    expect((sqsError as { code?: string }).code).to.equal('MISSING_ITEM_IDENTIFIER');
  });

  it('refuses nonRetryableErrors entries that are not classes, where the processor is built', () => {
    // Act
    const error = thrownBy(() => new BatchProcessor(EventType.SQS, { nonRetryableErrors: [() => true] as never }));

    // Assess
    expect(error).to.be.instanceOf(InvalidOptionError);
  });

  it('requeues later FIFO successes behind a stuck poison record even after the time budget closed the run', () => {
    // Prepare
    const arn = 'arn:aws:sqs:us-east-1:123456789012:orders.fifo';
    const records: SQSRecord[] = [0, 1].map(() => sqsRecord({}, { eventSourceARN: arn, attributes: { MessageGroupId: 'g' } }));
    const settings = resolveRunSettings(records, EventType.SQS, {}, { fifo: 'auto' });
    const run = new ProcessingRun(records, () => undefined, settings, undefined);
    const [poison, later] = records.map((record, i) => new RecordContextImpl(run, record, i)) as [
      RecordContextImpl,
      RecordContextImpl,
    ];
    run.fail(poison, records[0] as SQSRecord, new RecordParseError('bad body'));
    run.succeed(later, records[1] as SQSRecord, 'done');
    run.close(new Error('deadline'));

    // Act
    requeueBehind(run, run.outcome().failures);

    // Assess
    expect(run.outcome().failures.map((f) => f.error.constructor)).to.deep.equal([RecordParseError, SqsFifoRequeuedError]);
  });

  it('calls a processor dto thunk at the first batch (a class not yet defined when the processor is built)', async () => {
    // Prepare
    // The thunk names a class declared further down: reading it now would throw (temporal dead zone).
    const processor = new BatchProcessor(EventType.SQS, { dto: () => LateDto, logger: silentLogger });
    class LateDto {
      @IsOptional() note?: string;
    }
    const seen: unknown[] = [];

    // Act
    await processPartialResponse(sqsEvent([{}]), (dto: unknown) => seen.push(dto), processor, {});

    // Assess
    expect(seen[0]).to.be.instanceOf(LateDto);
  });

  it('refuses a dto that is not a class: at construction, or at the first batch for a thunk', async () => {
    // Prepare
    const thunkToNothing = new BatchProcessor(EventType.SQS, { dto: (() => 42) as never, logger: silentLogger });

    // Act
    const atConstruction = thrownBy(() => new BatchProcessor(EventType.SQS, { dto: 'OrderDto' as never }));
    const atFirstBatch = await processPartialResponse(sqsEvent([{}]), () => 'ok', thunkToNothing).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(atConstruction).to.be.instanceOf(InvalidOptionError);
    expect(atFirstBatch).to.be.instanceOf(InvalidOptionError);
  });
});
