import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  batchResponse,
  DecoratorUsageError,
  EventType,
  FullBatchFailureError,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';

describe('the @BatchHandler method (Lambda entry)', () => {
  it('works detached from its instance, as Lambda calls it', async () => {
    // Prepare
    const seenThis: unknown[] = [];
    class OrderHandler {
      readonly prefix = 'order';

      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord) {
        seenThis.push(this);
        if (record.body.includes('fail')) throw new Error(`${this.prefix} failed`);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {
        seenThis.push(this);
      }
    }
    const instance = new OrderHandler();
    const handler = instance.handler;
    const event = sqsEvent([{ ok: true }, { fail: true }]);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(seenThis).to.deep.equal([instance, instance, instance]);
    expect(seenThis[0]).to.equal(instance);
  });

  it('gets (event, context, outcome) after every record has run', async () => {
    // Prepare
    const calls: unknown[][] = [];
    let recordsRun = 0;
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord) {
        recordsRun++;
        if (record.body.includes('fail')) throw new Error('failed');
        return 'done';
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, outcome?: BatchOutcome) {
        calls.push([event, context, outcome, recordsRun]);
      }
    }
    const event = sqsEvent([{ ok: true }, { fail: true }]);
    const context = lambdaContext();

    // Act
    const response = await new OrderHandler().handler(event, context);

    // Assess
    expect(calls).to.have.length(1);
    const [gotEvent, gotContext, outcome, runBefore] = calls[0] as [SQSEvent, Context, BatchOutcome, number];
    expect(gotEvent).to.equal(event);
    expect(gotContext).to.equal(context);
    expect(runBefore).to.equal(2);
    expect(outcome.response).to.deep.equal(response);
    expect(outcome.successes.map((s) => [s.itemIdentifier, s.result])).to.deep.equal([[event.Records[0]?.messageId, 'done']]);
    expect(outcome.failures.map((f) => f.itemIdentifier)).to.deep.equal([event.Records[1]?.messageId]);
  });

  it('returns what the method returns when it is not undefined', async () => {
    // Prepare
    class CustomResponse {
      @RecordHandler(EventType.SQS, { dto: false })
      handle() {
        throw new Error('failed');
      }

      @BatchHandler({ logger: silentLogger, throwOnFullBatchFailure: false })
      async handler(event: SQSEvent, context: Context, outcome?: BatchOutcome) {
        return { custom: true, failed: outcome?.failures.length };
      }
    }

    // Act
    const response = await new CustomResponse().handler(sqsEvent([{ n: 1 }]), lambdaContext());

    // Assess
    expect(response).to.deep.equal({ custom: true, failed: 1 });
  });

  it('gives each invocation its own response through batchResponse(), also when invocations overlap', async () => {
    // Prepare
    class OrderHandler {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        const { fail, waitMs } = JSON.parse(record.body) as { fail: boolean; waitMs: number };
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        if (fail) throw new Error('failed');
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return batchResponse();
      }
    }
    const handler = new OrderHandler().handler;
    const slow = sqsEvent([
      { fail: true, waitMs: 30 },
      { fail: false, waitMs: 0 },
    ]);
    const fast = sqsEvent([
      { fail: false, waitMs: 0 },
      { fail: true, waitMs: 0 },
    ]);

    // Act
    const [slowResponse, fastResponse] = await Promise.all([handler(slow, lambdaContext()), handler(fast, lambdaContext())]);

    // Assess
    expect(slowResponse).to.deep.equal({ batchItemFailures: [{ itemIdentifier: slow.Records[0]?.messageId }] });
    expect(fastResponse).to.deep.equal({ batchItemFailures: [{ itemIdentifier: fast.Records[1]?.messageId }] });
  });

  it('throws DecoratorUsageError from batchResponse() outside a @BatchHandler method', async () => {
    // Prepare
    const thrown: unknown[] = [];
    class OrderHandler {
      @RecordHandler(EventType.SQS, { dto: false })
      handle() {
        try {
          batchResponse();
        } catch (error) {
          thrown.push(error);
        }
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }

    // Act
    await new OrderHandler().handler(sqsEvent([{ n: 1 }]), lambdaContext());
    let outside: unknown;
    try {
      batchResponse();
    } catch (error) {
      outside = error;
    }

    // Assess
    for (const error of [...thrown, outside]) {
      expect(error).to.be.instanceOf(DecoratorUsageError);
      expect((error as DecoratorUsageError).code).to.equal('INVALID_DECORATOR_USAGE');
    }
    expect(thrown).to.have.length(1);
  });

  it('throws FullBatchFailureError when every record failed, even when the method returned something', async () => {
    // Prepare
    const returned: unknown[] = [];
    class CustomResponse {
      @RecordHandler(EventType.SQS, { dto: false })
      handle() {
        throw new Error('failed');
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, outcome?: BatchOutcome) {
        const value = { custom: true };
        returned.push(value);
        return value;
      }
    }
    const event = sqsEvent([{ n: 1 }, { n: 2 }]);

    // Act
    const error = await rejectionOf(() => new CustomResponse().handler(event, lambdaContext()));

    // Assess
    expect(returned).to.have.length(1);
    expect(error).to.be.instanceOf(FullBatchFailureError);
    expect((error as FullBatchFailureError).response).to.deep.equal({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
    });
  });

  for (const [label, notABatch] of [
    ['{}', {}],
    ['null', null],
    ["{ Records: 'x' }", { Records: 'x' }],
    ['undefined', undefined],
    ['a string', 'Records'],
  ] as const) {
    it(`throws UnexpectedBatchTypeError for ${label} before any record, hook or method body runs`, async () => {
      // Prepare
      const ran: string[] = [];
      class OrderHandler {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {
          ran.push('record');
        }

        onSuccess(success: RecordSuccess) {
          ran.push('onSuccess');
        }

        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {
          ran.push('method');
        }
      }

      // Act
      const error = await rejectionOf(() => new OrderHandler().handler(notABatch as never, lambdaContext()));

      // Assess
      expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
      expect((error as UnexpectedBatchTypeError).code).to.equal('UNEXPECTED_BATCH_TYPE');
      expect(ran).to.deep.equal([]);
    });
  }
});
