// @BatchHandler turns the method into an accessor that hands out a function bound to the instance (so Lambda can call
// it detached), records the entry on the class, and refuses misuse at class definition.
import type { Context, SQSEvent } from 'aws-lambda';
import { BatchHandler, DecoratorUsageError, EventType, RecordHandler, silentLogger } from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { BATCH_HANDLERS } from '../../../src/constants';
import { ownMetadata } from '../../../src/metadata/store';
import { rejectionOf, thrownBy } from '../../support/errors';

type AnyDecorator = (...args: unknown[]) => unknown;

/** Asserts a DecoratorUsageError whose message says what was wrong (each misuse has its own). */
function expectUsageError(error: unknown, says: RegExp): void {
  expect(error).to.be.instanceOf(DecoratorUsageError);
  expect((error as DecoratorUsageError).code).to.equal('INVALID_DECORATOR_USAGE');
  expect((error as Error).message).to.match(says);
}

describe('@BatchHandler', () => {
  describe('the entry function', () => {
    it('records the entry method on the class', () => {
      // Prepare & Act
      class Orders {
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }

      // Assess
      expect(ownMetadata(Orders, BATCH_HANDLERS)).to.deep.equal([{ methodName: 'handler' }]);
    });

    it('gives each instance its own bound function, the same one on every read', () => {
      // Prepare
      class Orders {
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const first = new Orders();
      const second = new Orders();

      // Act
      const a1 = first.handler;
      const a2 = first.handler;
      const b = second.handler;

      // Assess
      expect(a1).to.be.a('function');
      expect(a2).to.equal(a1);
      expect(b).to.not.equal(a1);
    });

    it('runs the method on its own instance when called detached', async () => {
      // Prepare
      const seen: unknown[] = [];
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {}
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {
          seen.push(this);
        }
      }
      const first = new Orders();
      const second = new Orders();
      const detachedFirst = first.handler;
      const detachedSecond = second.handler;

      // Act
      await detachedSecond(sqsEvent([{ n: 1 }]), lambdaContext());
      await detachedFirst(sqsEvent([{ n: 2 }]), lambdaContext());

      // Assess
      expect(seen).to.have.length(2);
      expect(seen[0]).to.equal(second);
      expect(seen[1]).to.equal(first);
    });

    it('works on a frozen instance (the bound function is then not cached)', async () => {
      // Prepare
      const seen: unknown[] = [];
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle() {}
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {
          seen.push(this);
        }
      }
      const instance = Object.freeze(new Orders());

      // Act
      const entry = instance.handler;
      const response = await entry(sqsEvent([{ n: 1 }]), lambdaContext());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(seen).to.have.length(1);
      expect(seen[0]).to.equal(instance);
    });

    it('rejects with DecoratorUsageError when the function read from the prototype is called without an instance', async () => {
      // Prepare
      class Orders {
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context) {}
      }
      const unbound = Orders.prototype.handler;

      // Act
      const error = await rejectionOf(() => unbound(sqsEvent([{ n: 1 }]), lambdaContext()));

      // Assess
      expectUsageError(error, /without an instance/);
    });

    it('lets an instance replace the entry by assignment (e.g. a test stub)', async () => {
      // Prepare
      class Orders {
        @BatchHandler({ logger: silentLogger })
        async handler(event: SQSEvent, context: Context): Promise<unknown> {
          return undefined;
        }
      }
      const instance = new Orders();
      const stub = async () => 'stubbed';

      // Act
      instance.handler = stub;
      const result = await instance.handler(sqsEvent([]), lambdaContext());

      // Assess
      expect(instance.handler).to.equal(stub);
      expect(result).to.equal('stubbed');
    });
  });

  describe('misuse', () => {
    it('throws DecoratorUsageError when applied as a TC39 standard decorator (experimentalDecorators off)', () => {
      // Prepare
      const decorator = BatchHandler() as AnyDecorator;
      const method = async () => undefined;

      // Act
      const error = thrownBy(() => decorator(method, { kind: 'method', name: 'handler', static: false, private: false }));

      // Assess
      expectUsageError(error, /TC39 standard decorator.*experimentalDecorators/s);
    });

    it('throws DecoratorUsageError on a static method', () => {
      // Prepare
      const define = () => {
        class Orders {
          @BatchHandler()
          static async handler(event: SQSEvent, context: Context) {}
        }
        return Orders;
      };

      // Act
      const error = thrownBy(define);

      // Assess
      expectUsageError(error, /static method/);
    });

    it('throws DecoratorUsageError on a property (no method value)', () => {
      // Prepare
      const decorator = BatchHandler() as AnyDecorator;

      // Act
      const error = thrownBy(() => decorator({}, 'handler', undefined));

      // Assess
      expectUsageError(error, /must decorate a method/);
    });
  });
});
