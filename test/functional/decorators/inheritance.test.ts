import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  EventType,
  NoRecordHandlerError,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';

/** The `kind` field of an SQS record's JSON body. */
function kindOf(record: SQSRecord): unknown {
  return (JSON.parse(record.body) as { kind?: unknown }).kind;
}

describe('handler classes and inheritance', () => {
  it('lets a subclass inherit record handlers, hooks and the @BatchHandler entry', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const handled: string[] = [];
    const hooks: string[] = [];
    class BaseHandler {
      @RecordHandler(EventType.SQS)
      handle(order: OrderDto) {
        handled.push(order.id);
        if (order.id === 'bad') throw new Error('rejected');
      }

      onSuccess(success: RecordSuccess) {
        hooks.push(`onSuccess ${success.index}`);
      }

      onFailure(failure: RecordFailure) {
        hooks.push(`onFailure ${failure.index}`);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    class SubHandler extends BaseHandler {}
    const event = sqsEvent([{ id: 'good' }, { id: 'bad' }]);

    // Act
    const response = await new SubHandler().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(handled).to.deep.equal(['good', 'bad']);
    expect(hooks).to.deep.equal(['onSuccess 0', 'onFailure 1']);
  });

  it("tries a subclass's record handlers before the inherited ones", async () => {
    // Prepare
    const calls: [string, unknown][] = [];
    class BaseHandler {
      @RecordHandler(EventType.SQS)
      inherited(record: SQSRecord) {
        calls.push(['inherited', kindOf(record)]);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    class SubHandler extends BaseHandler {
      @RecordHandler(EventType.SQS, { match: (r) => kindOf(r) === 'special' })
      own(record: SQSRecord) {
        calls.push(['own', kindOf(record)]);
      }
    }
    const event = sqsEvent([{ kind: 'special' }, { kind: 'plain' }]);

    // Act
    await new SubHandler().handler(event, lambdaContext());

    // Assess
    expect(calls).to.deep.equal([
      ['own', 'special'],
      ['inherited', 'plain'],
    ]);
  });

  it('keeps the role of a @RecordHandler method overridden without the decorator, runs the override and still builds the DTO', async () => {
    // Prepare
    class OrderDto {
      @IsString() id!: string;
    }
    const calls: [string, unknown][] = [];
    class BaseHandler {
      @RecordHandler(EventType.SQS)
      handle(order: OrderDto) {
        calls.push(['base', order]);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    class SubHandler extends BaseHandler {
      override handle(order: OrderDto) {
        calls.push(['sub', order]);
      }
    }
    const event = sqsEvent([{ id: 'a' }, { id: 42 }]);

    // Act
    const response = await new SubHandler().handler(event, lambdaContext());

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(calls).to.have.length(1);
    expect(calls[0]?.[0]).to.equal('sub');
    expect(calls[0]?.[1]).to.be.instanceOf(OrderDto);
  });

  it("does not change the parent class's handlers when a subclass adds one", async () => {
    // Prepare
    let parentOutcome: BatchOutcome | undefined;
    class BaseHandler {
      @RecordHandler(EventType.SQS, { match: (r) => kindOf(r) === 'a' })
      onA(record: SQSRecord) {}

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context, outcome?: BatchOutcome) {
        parentOutcome = outcome;
      }
    }
    class SubHandler extends BaseHandler {
      @RecordHandler(EventType.SQS, { match: (r) => kindOf(r) === 'b' })
      onB(record: SQSRecord) {}
    }
    const event = sqsEvent([{ kind: 'a' }, { kind: 'b' }]);

    // Act
    const subResponse = await new SubHandler().handler(event, lambdaContext());
    const parentResponse = await new BaseHandler().handler(event, lambdaContext());

    // Assess
    expect(subResponse).to.deep.equal({ batchItemFailures: [] });
    expect(parentResponse).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(parentOutcome?.failures[0]?.error).to.be.instanceOf(NoRecordHandlerError);
  });

  it('lets a subclass override a hook', async () => {
    // Prepare
    const calls: string[] = [];
    class BaseHandler {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord) {}

      onSuccess(success: RecordSuccess) {
        calls.push('base');
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context) {}
    }
    class SubHandler extends BaseHandler {
      override onSuccess(success: RecordSuccess) {
        calls.push('sub');
      }
    }

    // Act
    await new SubHandler().handler(sqsEvent([{ n: 1 }]), lambdaContext());

    // Assess
    expect(calls).to.deep.equal(['sub']);
  });

  it('makes a @BatchHandler method overridden without the decorator a plain method', async () => {
    // Prepare
    let records = 0;
    class BaseHandler {
      @RecordHandler(EventType.SQS)
      handle(record: SQSRecord) {
        records++;
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context: Context): Promise<unknown> {
        return undefined;
      }
    }
    class PlainHandler extends BaseHandler {
      override async handler(event: SQSEvent, context: Context): Promise<unknown> {
        return 'plain method result';
      }
    }
    class RedecoratedHandler extends BaseHandler {
      @BatchHandler({ logger: silentLogger })
      override async handler(event: SQSEvent, context: Context): Promise<unknown> {
        return undefined;
      }
    }
    const event = sqsEvent([{ n: 1 }]);

    // Act
    const plain = await new PlainHandler().handler(event, lambdaContext());
    const redecorated = await new RedecoratedHandler().handler(event, lambdaContext());

    // Assess
    expect(plain).to.equal('plain method result');
    expect(redecorated).to.deep.equal({ batchItemFailures: [] });
    expect(records).to.equal(1);
  });
});
