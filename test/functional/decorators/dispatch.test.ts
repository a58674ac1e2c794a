import type { Context, DynamoDBRecord, KinesisStreamRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  type BatchRecord,
  EventType,
  NoRecordHandlerError,
  RecordHandler,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';

/** The `kind` field of an SQS record's JSON body. */
function kindOf(record: SQSRecord): unknown {
  return (JSON.parse(record.body) as { kind?: unknown }).kind;
}

describe('dispatching records to record handlers', () => {
  it("sends each record to its own source's handler in a class that handles several sources", async () => {
    // Prepare
    const calls: [string, string | undefined][] = [];
    class EverythingHandler {
      @RecordHandler(EventType.SQS)
      onMessage(record: SQSRecord) {
        calls.push(['sqs', record.messageId]);
      }

      @RecordHandler(EventType.KinesisDataStreams)
      onClick(record: KinesisStreamRecord) {
        calls.push(['kinesis', record.kinesis.sequenceNumber]);
      }

      @RecordHandler(EventType.DynamoDBStreams)
      onChange(record: DynamoDBRecord) {
        calls.push(['dynamodb', record.dynamodb?.SequenceNumber]);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: { Records: BatchRecord[] }, context: Context) {}
    }
    const sqs = sqsEvent([{ n: 1 }]).Records[0] as SQSRecord;
    const kinesis = kinesisEvent([{ n: 2 }]).Records[0] as KinesisStreamRecord;
    const dynamodb = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'a' }, newImage: { pk: 'a' } }])
      .Records[0] as DynamoDBRecord;
    const handler = new EverythingHandler().handler;

    // Act
    const responses = [
      await handler({ Records: [kinesis] }, lambdaContext()),
      await handler({ Records: [dynamodb] }, lambdaContext()),
      await handler({ Records: [sqs] }, lambdaContext()),
    ];

    // Assess
    expect(responses).to.deep.equal([{ batchItemFailures: [] }, { batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(calls).to.deep.equal([
      ['kinesis', kinesis.kinesis.sequenceNumber],
      ['dynamodb', dynamodb.dynamodb?.SequenceNumber],
      ['sqs', sqs.messageId],
    ]);
  });

  it('gives a record to the first handler, in declaration order, whose match accepts it', async () => {
    // Prepare
    class RefundDto {
      @IsString() kind!: string;
    }
    const calls: [string, unknown][] = [];
    class PaymentHandler {
      @RecordHandler(EventType.SQS, { match: (r) => kindOf(r) === 'refund' })
      refund(dto: RefundDto) {
        calls.push(['refund', dto.kind]);
      }

      @RecordHandler(EventType.SQS, { match: (r) => kindOf(r) !== 'ignored' })
      anythingElse(record: SQSRecord) {
        calls.push(['anythingElse', kindOf(record)]);
      }

      @RecordHandler(EventType.SQS)
      fallback(record: SQSRecord) {
        calls.push(['fallback', kindOf(record)]);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    const event = sqsEvent([{ kind: 'charge' }, { kind: 'refund' }, { kind: 'ignored' }]);

    // Act
    const response = await new PaymentHandler().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(calls).to.deep.equal([
      ['anythingElse', 'charge'],
      ['refund', 'refund'],
      ['fallback', 'ignored'],
    ]);
  });

  it('fails with NoRecordHandlerError a record no handler accepts, while the others succeed', async () => {
    // Prepare
    let outcome: BatchOutcome | undefined;
    class PaymentHandler {
      @RecordHandler(EventType.SQS, { match: (r) => kindOf(r) === 'charge' })
      charge(record: SQSRecord) {}

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const event = sqsEvent([{ kind: 'charge' }, { kind: 'unknown' }, { kind: 'charge' }]);

    // Act
    const response = await new PaymentHandler().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    const error = outcome?.failures[0]?.error as NoRecordHandlerError;
    expect(error).to.be.instanceOf(NoRecordHandlerError);
    expect(error.code).to.equal('NO_RECORD_HANDLER');
    expect(outcome?.successes.map((s) => s.index)).to.deep.equal([0, 2]);
  });

  it('fails with NoRecordHandlerError the records of a source the class has no handler for', async () => {
    // Prepare
    let outcome: BatchOutcome | undefined;
    class SqsOnlyHandler {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord) {}

      @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
      async handler(event: { Records: BatchRecord[] }, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const kinesis = kinesisEvent([{ n: 1 }]).Records[0] as KinesisStreamRecord;
    const sqs = sqsEvent([{ n: 2 }]).Records[0] as SQSRecord;

    // Act
    const response = await new SqsOnlyHandler().handler({ Records: [kinesis] }, lambdaContext());
    const kinesisError = outcome?.failures[0]?.error;
    const sqsResponse = await new SqsOnlyHandler().handler({ Records: [sqs] }, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: kinesis.kinesis.sequenceNumber }] });
    expect(kinesisError).to.be.instanceOf(NoRecordHandlerError);
    expect(sqsResponse).to.deep.equal({ batchItemFailures: [] });
  });

  it('rejects a batch that mixes sources with UnexpectedBatchTypeError, running no record', async () => {
    // Prepare
    let ran = 0;
    class MixedHandler {
      @RecordHandler(EventType.SQS)
      onMessage() {
        ran++;
      }

      @RecordHandler(EventType.KinesisDataStreams)
      onClick() {
        ran++;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: { Records: BatchRecord[] }, context: Context) {}
    }
    const kinesis = kinesisEvent([{ n: 1 }]).Records[0] as KinesisStreamRecord;
    const sqs = sqsEvent([{ n: 2 }]).Records[0] as SQSRecord;

    // Act
    const error = await new MixedHandler().handler({ Records: [sqs, kinesis] }, lambdaContext()).catch((e: unknown) => e);

    // Assess
    expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
    expect((error as UnexpectedBatchTypeError).code).to.equal('UNEXPECTED_BATCH_TYPE');
    expect(ran).to.equal(0);
  });

  it('runs the override of the only record handler, named in the outcome, and passes the record and its context', async () => {
    // Prepare
    const calls: [string, unknown][] = [];
    let outcome: BatchOutcome | undefined;
    class BaseHandler {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(record: SQSRecord) {
        calls.push(['base', record.messageId]);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    class Overriding extends BaseHandler {
      override handle(record: SQSRecord, ...rest: unknown[]) {
        calls.push(['override', [record.messageId, rest[0] === record, (rest[1] as { index?: number }).index]]);
        return 'done';
      }
    }
    const event = sqsEvent([{ n: 1 }]);

    // Act
    await new Overriding().handler(event, lambdaContext());

    // Assess
    expect(calls).to.deep.equal([['override', [event.Records[0]?.messageId, true, 0]]]);
    expect(outcome?.successes.map((s) => [s.handlerName, s.result])).to.deep.equal([['handle', 'done']]);
  });
});
