// Type-level tests: misuse the compiler must catch. Each `@ts-expect-error` fails `tsc` (run by `npm test`) when the
// line it marks compiles; the runtime assertions check that the same misuse is refused at runtime too, where it can be.
import type { Context, KinesisStreamRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchHandler, DecoratorUsageError, EventType, InvalidOptionError, RecordHandler } from 'batchkit';
import { expect } from 'chai';

describe('decorator types', () => {
  it('accepts only EventType values as the event type', () => {
    // Prepare
    let error: unknown;

    // Act
    try {
      // @ts-expect-error 'SNS' is not an EventType
      RecordHandler('SNS');
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).to.be.instanceOf(DecoratorUsageError);
  });

  it("types `match` with the source's record type", () => {
    // Prepare
    const bySqs = (record: SQSRecord) => record.attributes.MessageGroupId === 'vip';
    const byKinesis = (record: KinesisStreamRecord) => record.kinesis.partitionKey === 'vip';

    // Act
    const accepted = RecordHandler(EventType.SQS, { match: bySqs });
    // @ts-expect-error a Kinesis predicate cannot filter SQS records
    const refused = RecordHandler(EventType.SQS, { match: byKinesis });

    // Assess
    expect(accepted).to.be.a('function');
    expect(refused).to.be.a('function');
  });

  it('refuses a record parameter of another source', () => {
    // Prepare & Act
    class Handlers {
      @RecordHandler(EventType.SQS, { dto: false })
      sqs(payload: unknown, record: SQSRecord) {}

      // @ts-expect-error the SQS handler gets an SQSRecord, not a Kinesis record
      @RecordHandler(EventType.SQS, { dto: false })
      kinesis(payload: unknown, record: KinesisStreamRecord) {}
    }

    // Assess
    expect(Object.getOwnPropertyNames(Handlers.prototype)).to.include.members(['sqs', 'kinesis']);
  });

  it('refuses unknown options and values of the wrong type, at compile time and when applied', () => {
    // Prepare
    const misuses = [
      // @ts-expect-error `dtoo` is not an option
      () => RecordHandler(EventType.SQS, { dtoo: false }),
      // @ts-expect-error `from` is 'payload' or 'record'
      () => RecordHandler(EventType.SQS, { from: 'body' }),
      // @ts-expect-error `fifo` is 'auto', true or false
      () => BatchHandler({ fifo: 'yes' }),
      // @ts-expect-error `throwOnFullBatchFailure` is a boolean
      () => BatchHandler({ throwOnFullBatchFailure: 'no' }),
    ];

    // Act
    const errors = misuses.map((misuse) => {
      try {
        misuse();
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    expect(errors.map((e) => (e as InvalidOptionError).option)).to.deep.equal([
      'dtoo',
      'from',
      'fifo',
      'throwOnFullBatchFailure',
    ]);
    for (const error of errors) expect(error).to.be.instanceOf(InvalidOptionError);
  });

  it('gives the entry method its declared signature on the instance', () => {
    // Prepare
    class Orders {
      @BatchHandler()
      async handler(event: SQSEvent, context: Context) {}
    }
    const entry = new Orders().handler;

    // Act
    // @ts-expect-error the entry needs an event
    const call = () => entry();

    // Assess
    expect(call).to.be.a('function');
  });
});
