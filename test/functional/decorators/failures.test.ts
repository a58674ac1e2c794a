import type { Context, KinesisStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  EventType,
  MissingItemIdentifierError,
  NonErrorThrownError,
  RecordHandler,
  silentLogger,
} from 'batchkit';
import { kinesisEvent, lambdaContext, sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';

/** The `throw` field of an SQS record's JSON body. */
function toThrowOf(record: SQSRecord): string | undefined {
  return (JSON.parse(record.body) as { throw?: string }).throw;
}

describe('failures that must not break the batch or lose a record', () => {
  it('fails only the record that threw a non-Error, wrapped in NonErrorThrownError with the original as cause', async () => {
    // Prepare
    const thrown: Record<string, unknown> = { string: 'x', null: null, undefined: undefined, number: 42 };
    let outcome: BatchOutcome | undefined;
    class NonErrorHandler {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        const kind = toThrowOf(record);
        if (kind !== undefined) throw thrown[kind];
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const event = sqsEvent([{ throw: 'string' }, {}, { throw: 'null' }, { throw: 'undefined' }, { throw: 'number' }]);
    const ids = event.Records.map((r) => r.messageId);

    // Act
    const response = await new NonErrorHandler().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({
      batchItemFailures: [ids[0], ids[2], ids[3], ids[4]].map((itemIdentifier) => ({ itemIdentifier })),
    });
    const errors = outcome?.failures.map((f) => f.error) ?? [];
    expect(errors.map((e) => e instanceof NonErrorThrownError)).to.deep.equal([true, true, true, true]);
    expect(errors.map((e) => (e as NonErrorThrownError).code)).to.deep.equal(Array(4).fill('NON_ERROR_THROWN'));
    expect(errors.map((e) => e.cause)).to.deep.equal(['x', null, undefined, 42]);
    expect(Object.hasOwn(errors[2] as Error, 'cause')).to.equal(true);
    expect(outcome?.successes.map((s) => s.index)).to.deep.equal([1]);
  });

  it('wraps a non-Error thrown synchronously as well', async () => {
    // Prepare
    let outcome: BatchOutcome | undefined;
    class SyncThrower {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord) {
        if (toThrowOf(record) !== undefined) throw 'plain string';
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const event = sqsEvent([{}, { throw: 'yes' }]);

    // Act
    const response = await new SyncThrower().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(outcome?.failures[0]?.error).to.be.instanceOf(NonErrorThrownError);
    expect(outcome?.failures[0]?.error.cause).to.equal('plain string');
  });

  describe('a failed record without an item identifier', () => {
    it('makes the invocation throw MissingItemIdentifierError when its messageId is empty', async () => {
      // Prepare
      class Failing {
        @RecordHandler(EventType.SQS)
        handle(record: SQSRecord) {
          if (toThrowOf(record) !== undefined) throw new Error('failed');
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = { Records: [sqsRecord({}), sqsRecord({ throw: 'yes' }, { messageId: '' })] };

      // Act
      const error = await rejectionOf(() => new Failing().handler(event, lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(MissingItemIdentifierError);
      expect((error as MissingItemIdentifierError).code).to.equal('MISSING_ITEM_IDENTIFIER');
    });

    it('makes the invocation throw MissingItemIdentifierError when its messageId is absent', async () => {
      // Prepare
      class Failing {
        @RecordHandler(EventType.SQS)
        handle(record: SQSRecord) {
          if (toThrowOf(record) !== undefined) throw new Error('failed');
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const unnamed: Partial<SQSRecord> = sqsRecord({ throw: 'yes' });
      delete unnamed.messageId;
      const event = { Records: [sqsRecord({}), unnamed as SQSRecord] };

      // Act
      const error = await rejectionOf(() => new Failing().handler(event, lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(MissingItemIdentifierError);
    });

    it('makes the invocation throw MissingItemIdentifierError for a Kinesis record with an empty sequence number', async () => {
      // Prepare
      class Failing {
        @RecordHandler(EventType.KinesisDataStreams, { dto: false })
        handle() {
          throw new Error('failed');
        }

        @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
        async handler(event: KinesisStreamEvent, context: Context) {}
      }
      const event = kinesisEvent([{ n: 1 }]);
      const record = event.Records[0];
      if (record !== undefined) record.kinesis.sequenceNumber = '';

      // Act
      const error = await rejectionOf(() => new Failing().handler(event, lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(MissingItemIdentifierError);
    });

    it('is no problem when that record succeeds', async () => {
      // Prepare
      class Succeeding {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {}

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const event = { Records: [sqsRecord({}, { messageId: '' })] };

      // Act
      const response = await new Succeeding().handler(event, lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
    });
  });
});
