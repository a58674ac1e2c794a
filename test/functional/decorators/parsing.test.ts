import type { Context, DynamoDBStreamEvent, KinesisStreamEvent, SQSEvent } from 'aws-lambda';
import { BatchHandler, type BatchOutcome, EventType, RecordHandler, RecordParseError, silentLogger } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsOptional, IsString } from 'class-validator';

describe('payloads that cannot be parsed', () => {
  it('fails only the SQS records whose body is malformed JSON or not a JSON object, with RecordParseError', async () => {
    // Prepare
    class NoteDto {
      @IsString() text!: string;
    }
    const received: string[] = [];
    let outcome: BatchOutcome | undefined;
    class NoteHandler {
      @RecordHandler(EventType.SQS)
      handle(note: NoteDto) {
        received.push(note.text);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const event = sqsEvent(['{"text":"first"}', '{"text":', '42', '"a string"', 'null', '[{"text":"x"}]', '{"text":"last"}']);
    const ids = event.Records.map((r) => r.messageId);

    // Act
    const response = await new NoteHandler().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: ids.slice(1, 6).map((itemIdentifier) => ({ itemIdentifier })) });
    expect(received).to.deep.equal(['first', 'last']);
    expect(outcome?.failures.map((f) => f.error instanceof RecordParseError)).to.deep.equal([true, true, true, true, true]);
    expect(outcome?.failures.map((f) => (f.error as RecordParseError).code)).to.deep.equal(Array(5).fill('RECORD_PARSE_FAILED'));
    expect(outcome?.failures.map((f) => f.retryable)).to.deep.equal([false, false, false, false, false]);
  });

  // One bad record per batch, placed last: a stream may stop at its first failure and skip later records.
  for (const [label, spoil] of [
    ['invalid base64', (data: string) => `%%%${data}`],
    ['a JSON number', () => Buffer.from('7').toString('base64')],
    ['a JSON array', () => Buffer.from('[{"page":"/x"}]').toString('base64')],
    ['malformed JSON', () => Buffer.from('{"page":').toString('base64')],
  ] as const) {
    it(`fails only the Kinesis record whose data is ${label}, with RecordParseError`, async () => {
      // Prepare
      class ClickDto {
        @IsString() page!: string;
      }
      const received: string[] = [];
      let outcome: BatchOutcome | undefined;
      class ClickHandler {
        @RecordHandler(EventType.KinesisDataStreams)
        track(click: ClickDto) {
          received.push(click.page);
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: KinesisStreamEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = kinesisEvent([{ page: '/a' }, { page: '/b' }]);
      const bad = event.Records[1];
      if (bad !== undefined) bad.kinesis.data = spoil(bad.kinesis.data);

      // Act
      const response = await new ClickHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: bad?.kinesis.sequenceNumber }] });
      expect(received).to.deep.equal(['/a']);
      expect(outcome?.failures[0]?.error).to.be.instanceOf(RecordParseError);
      expect(outcome?.failures[0]?.retryable).to.equal(false);
    });
  }

  describe('prototype pollution', () => {
    let before: string[];
    beforeEach(() => {
      before = Object.getOwnPropertyNames(Object.prototype).sort();
    });

    it('fails SQS bodies holding __proto__ or constructor keys and leaves Object.prototype untouched', async () => {
      // Prepare
      class AnyDto {
        @IsOptional() @IsString() name?: string;
      }
      let calls = 0;
      let outcome: BatchOutcome | undefined;
      class AnyHandler {
        @RecordHandler(EventType.SQS)
        handle(payload: AnyDto) {
          calls++;
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = sqsEvent([
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"name":"x","nested":{"__proto__":{"polluted":true}}}',
        '{"name":"safe"}',
      ]);
      const ids = event.Records.map((r) => r.messageId);

      // Act
      const response = await new AnyHandler().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: ids.slice(0, 3).map((itemIdentifier) => ({ itemIdentifier })) });
      expect(outcome?.failures.map((f) => f.error instanceof RecordParseError)).to.deep.equal([true, true, true]);
      expect(calls).to.equal(1);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(before);
    });

    it('fails Kinesis data holding a __proto__ key', async () => {
      // Prepare
      class AnyDto {
        @IsOptional() @IsString() name?: string;
      }
      let outcome: BatchOutcome | undefined;
      class AnyHandler {
        @RecordHandler(EventType.KinesisDataStreams)
        handle(payload: AnyDto) {}

        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
        async handler(event: KinesisStreamEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = kinesisEvent(['{"__proto__":{"polluted":true}}']);

      // Act
      await new AnyHandler().handler(event, lambdaContext());

      // Assess
      expect(outcome?.failures[0]?.error).to.be.instanceOf(RecordParseError);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(before);
    });

    it('fails DynamoDB images holding a __proto__ attribute', async () => {
      // Prepare
      class AnyDto {
        @IsOptional() @IsString() pk?: string;
      }
      let outcome: BatchOutcome | undefined;
      class AnyHandler {
        @RecordHandler(EventType.DynamoDBStreams)
        handle(payload: AnyDto) {}

        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
        async handler(event: DynamoDBStreamEvent, context: Context, result?: BatchOutcome) {
          outcome = result;
        }
      }
      const event = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'a' }, newImage: { pk: 'a' } }]);
      const image = event.Records[0]?.dynamodb?.NewImage;
      if (image !== undefined) {
        Object.defineProperty(image, '__proto__', {
          value: { M: { polluted: { BOOL: true } } },
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }

      // Act
      await new AnyHandler().handler(event, lambdaContext());

      // Assess
      expect(outcome?.failures[0]?.error).to.be.instanceOf(RecordParseError);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(before);
    });
  });
});
