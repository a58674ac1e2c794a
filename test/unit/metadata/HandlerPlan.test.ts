// The handler plan: built once per class at its first invocation, walking the prototype chain (own handlers first),
// deciding each method's DTO from the class that declared it, and dispatching records to the instance's methods.
import type { SQSRecord } from 'aws-lambda';
import { EventType, MissingTypeMetadataError, NoRecordHandlerError, type RecordContext, RecordHandler } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import { planFor } from '../../../src/metadata/HandlerPlan';
import { rejectionOf } from '../../support/errors';

/** What the plan has for one event type: method names and DTO classes, in dispatch order. */
async function handlersOf(ctor: Function, eventType: EventType) {
  const plan = await planFor(ctor);
  return (plan.byType.get(eventType) ?? []).map((handler) => ({ method: handler.methodName, dto: handler.dto?.binder.dto }));
}

function contextFor(record: SQSRecord, index = 0): RecordContext {
  return {
    eventType: EventType.SQS,
    index,
    itemIdentifier: record.messageId,
    lambdaContext: undefined,
    signal: new AbortController().signal,
  };
}

describe('HandlerPlan', () => {
  describe('planFor', () => {
    it('builds the plan of a class once and reuses it', async () => {
      // Prepare
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {}
      }

      // Act
      const first = await planFor(Orders);
      const second = planFor(Orders);

      // Assess
      expect(second).to.equal(first); // once built, the plan itself: no promise to wait for
    });

    it('builds a separate plan for a subclass', async () => {
      // Prepare
      class Parent {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {}
      }
      class Child extends Parent {}

      // Act
      const parentPlan = await planFor(Parent);
      const childPlan = await planFor(Child);

      // Assess
      expect(childPlan).to.not.equal(parentPlan);
      expect(childPlan.className).to.equal('Child');
      expect(parentPlan.className).to.equal('Parent');
    });

    it('does not cache a failed build: it fails at each call until the cause is fixed', async () => {
      // Prepare
      class OrderDto {
        @IsString() id!: string;
      }
      class Orders {
        @RecordHandler(EventType.SQS)
        handle(order: OrderDto) {}
      }
      const types = Reflect.getOwnMetadata('design:paramtypes', Orders.prototype, 'handle') as unknown[];
      Reflect.deleteMetadata('design:paramtypes', Orders.prototype, 'handle');

      // Act
      const first = await Promise.resolve(planFor(Orders)).then(
        () => undefined,
        (error: unknown) => error,
      );
      const second = await Promise.resolve(planFor(Orders)).then(
        () => undefined,
        (error: unknown) => error,
      );
      Reflect.defineMetadata('design:paramtypes', types, Orders.prototype, 'handle');
      const fixed = await handlersOf(Orders, EventType.SQS);

      // Assess
      expect(first).to.be.instanceOf(MissingTypeMetadataError);
      expect(second).to.be.instanceOf(MissingTypeMetadataError);
      expect(second).to.not.equal(first);
      expect(fixed).to.deep.equal([{ method: 'handle', dto: OrderDto }]);
    });
  });

  describe('which handlers, in which order', () => {
    it('groups handlers by event type in declaration order', async () => {
      // Prepare
      class Mixed {
        @RecordHandler(EventType.SQS, { dto: false })
        first() {}
        @RecordHandler(EventType.KinesisDataStreams, { dto: false })
        clicks() {}
        @RecordHandler(EventType.SQS, { dto: false })
        second() {}
      }

      // Act
      const sqs = await handlersOf(Mixed, EventType.SQS);
      const kinesis = await handlersOf(Mixed, EventType.KinesisDataStreams);
      const dynamodb = await handlersOf(Mixed, EventType.DynamoDBStreams);

      // Assess
      expect(sqs.map((h) => h.method)).to.deep.equal(['first', 'second']);
      expect(kinesis.map((h) => h.method)).to.deep.equal(['clicks']);
      expect(dynamodb).to.deep.equal([]);
    });

    it("puts a subclass's own handlers before the inherited ones", async () => {
      // Prepare
      class Grandparent {
        @RecordHandler(EventType.SQS, { dto: false })
        oldest() {}
      }
      class Parent extends Grandparent {
        @RecordHandler(EventType.SQS, { dto: false })
        middle() {}
      }
      class Child extends Parent {
        @RecordHandler(EventType.SQS, { dto: false })
        newest() {}
      }

      // Act
      const handlers = await handlersOf(Child, EventType.SQS);

      // Assess
      expect(handlers.map((h) => h.method)).to.deep.equal(['newest', 'middle', 'oldest']);
    });

    it('keeps one entry for a method re-decorated in a subclass: the subclass one, in its position', async () => {
      // Prepare
      class ParentDto {
        @IsString() a!: string;
      }
      class ChildDto extends ParentDto {
        @IsString() b!: string;
      }
      class Parent {
        @RecordHandler(EventType.SQS)
        handle(payload: ParentDto) {}
        @RecordHandler(EventType.SQS, { dto: false })
        fallback() {}
      }
      class Child extends Parent {
        @RecordHandler(EventType.SQS)
        override handle(payload: ChildDto) {}
      }

      // Act
      const handlers = await handlersOf(Child, EventType.SQS);

      // Assess
      expect(handlers).to.deep.equal([
        { method: 'handle', dto: ChildDto },
        { method: 'fallback', dto: undefined },
      ]);
    });

    it('takes the DTO of an overridden, not re-decorated method from the class that declared it', async () => {
      // Prepare
      class OrderDto {
        @IsString() id!: string;
      }
      class Parent {
        @RecordHandler(EventType.SQS)
        handle(order: OrderDto) {}
      }
      class Child extends Parent {
        override handle(order: OrderDto) {}
      }

      // Act
      const handlers = await handlersOf(Child, EventType.SQS);

      // Assess
      expect(handlers).to.deep.equal([{ method: 'handle', dto: OrderDto }]);
    });

    it("leaves the parent's plan without the handlers a subclass adds", async () => {
      // Prepare
      class Parent {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {}
      }
      class Child extends Parent {
        @RecordHandler(EventType.SQS, { dto: false })
        extra() {}
      }

      // Act
      const child = await handlersOf(Child, EventType.SQS);
      const parent = await handlersOf(Parent, EventType.SQS);

      // Assess
      expect(child.map((h) => h.method)).to.deep.equal(['extra', 'handle']);
      expect(parent.map((h) => h.method)).to.deep.equal(['handle']);
    });
  });

  describe('invokerFor', () => {
    it("calls the instance's method (an override, with `this` the instance) with (record, record, context) without a DTO", async () => {
      // Prepare
      const calls: unknown[][] = [];
      class Parent {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(payload: unknown, record: unknown, ctx: RecordContext): unknown {
          return 'parent';
        }
      }
      class Child extends Parent {
        override handle(payload: unknown, record: unknown, ctx: RecordContext) {
          calls.push([this, payload, record, ctx]);
          return 'child';
        }
      }
      const instance = new Child();
      const record = sqsRecord({ id: 'o-1' });
      const context = contextFor(record);
      const invoke = (await planFor(Child)).invokerFor(instance);

      // Act
      const result = await invoke(record, context);

      // Assess
      expect(result).to.equal('child');
      expect(calls).to.have.length(1);
      expect(calls[0]?.[0]).to.equal(instance);
      expect(calls[0]?.[1]).to.equal(record);
      expect(calls[0]?.[2]).to.equal(record);
      expect(calls[0]?.[3]).to.equal(context);
    });

    it('throws NoRecordHandlerError when the class has no handler of the record source', async () => {
      // Prepare
      class Clicks {
        @RecordHandler(EventType.KinesisDataStreams, { dto: false })
        track() {}
      }
      const record = sqsRecord({ id: 'o-1' });
      const invoke = (await planFor(Clicks)).invokerFor(new Clicks());

      // Act
      const error = await rejectionOf(() => invoke(record, contextFor(record)));

      // Assess
      expect(error).to.be.instanceOf(NoRecordHandlerError);
      expect((error as NoRecordHandlerError).code).to.equal('NO_RECORD_HANDLER');
    });

    it('throws NoRecordHandlerError when every match refuses the record', async () => {
      // Prepare
      let called = 0;
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false, match: () => false })
        handle() {
          called++;
        }
      }
      const record = sqsRecord({ id: 'o-1' });
      const invoke = (await planFor(Orders)).invokerFor(new Orders());

      // Act
      const error = await rejectionOf(() => invoke(record, contextFor(record)));

      // Assess
      expect(error).to.be.instanceOf(NoRecordHandlerError);
      expect(called).to.equal(0);
    });
  });
});
