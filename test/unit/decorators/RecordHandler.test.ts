// @RecordHandler only records (on the declaring class, as own metadata) and refuses every misuse at class definition.
import { DecoratorUsageError, EventType, RecordHandler } from 'batchkit';
import { expect } from 'chai';
import { RECORD_HANDLERS } from '../../../src/constants';
import { ownMetadata } from '../../../src/metadata/store';
import { thrownBy } from '../../support/errors';

/** The decorator as an untyped function, to call it the ways TypeScript would refuse. */
type AnyDecorator = (...args: unknown[]) => unknown;

/** Asserts a DecoratorUsageError whose message says what was wrong (each misuse has its own). */
function expectUsageError(error: unknown, says: RegExp): void {
  expect(error).to.be.instanceOf(DecoratorUsageError);
  expect((error as DecoratorUsageError).code).to.equal('INVALID_DECORATOR_USAGE');
  expect((error as Error).message).to.match(says);
}

describe('@RecordHandler', () => {
  describe('what it records', () => {
    it('records method, event type, options, declaring prototype and arity on the class', () => {
      // Prepare
      const match = () => true;

      // Act
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false, match })
        handle(payload: unknown, record: unknown) {}
      }

      // Assess
      const [meta, ...rest] = ownMetadata(Orders, RECORD_HANDLERS);
      expect(rest).to.deep.equal([]);
      expect(meta?.methodName).to.equal('handle');
      expect(meta?.eventType).to.equal(EventType.SQS);
      expect(meta?.options.match).to.equal(match);
      expect(meta?.options.dto).to.equal(false);
      expect(meta?.declaringPrototype).to.equal(Orders.prototype);
      expect(meta?.arity).to.equal(2);
    });

    it('leaves the method itself unchanged', () => {
      // Prepare
      function handle() {
        return 'handled';
      }
      const proto = {};
      const descriptor = { value: handle, writable: true, enumerable: false, configurable: true };

      // Act
      const returned = (RecordHandler(EventType.KinesisDataStreams) as AnyDecorator)(proto, 'handle', descriptor);

      // Assess
      expect(returned).to.equal(undefined);
      expect(descriptor.value).to.equal(handle);
    });
  });

  describe('misuse', () => {
    it('throws DecoratorUsageError when applied as a TC39 standard decorator (experimentalDecorators off)', () => {
      // Prepare
      const decorator = RecordHandler(EventType.SQS) as AnyDecorator;
      const method = () => undefined;

      // Act
      const error = thrownBy(() => decorator(method, { kind: 'method', name: 'handle', static: false, private: false }));

      // Assess
      expectUsageError(error, /TC39 standard decorator.*experimentalDecorators/s);
    });

    it('throws DecoratorUsageError for an unknown event type, when the decorator is created', () => {
      // Prepare
      const unknownType = 'SNS' as unknown as EventType;

      // Act
      const error = thrownBy(() => RecordHandler(unknownType));

      // Assess
      expectUsageError(error, /EventType|event type/);
    });

    it('throws DecoratorUsageError on a static method', () => {
      // Prepare
      const define = () => {
        class Orders {
          @RecordHandler(EventType.SQS, { dto: false })
          static handle() {}
        }
        return Orders;
      };

      // Act
      const error = thrownBy(define);

      // Assess
      expectUsageError(error, /static method/);
    });

    it('throws DecoratorUsageError on a property or an accessor (no method value)', () => {
      // Prepare
      const decorator = RecordHandler(EventType.SQS) as AnyDecorator;
      const accessor = { get: () => () => undefined, enumerable: false, configurable: true };

      // Act
      const onProperty = thrownBy(() => decorator({}, 'handle', undefined));
      const onAccessor = thrownBy(() => decorator({}, 'handle', accessor));

      // Assess
      expectUsageError(onProperty, /must decorate a method/);
      expectUsageError(onAccessor, /must decorate a method/);
    });

    it('throws DecoratorUsageError on a method with a symbol name', () => {
      // Prepare
      const decorator = RecordHandler(EventType.SQS) as AnyDecorator;
      const descriptor = { value: () => undefined, writable: true, enumerable: false, configurable: true };

      // Act
      const error = thrownBy(() => decorator({}, Symbol('handle'), descriptor));

      // Assess
      expectUsageError(error, /string name/);
    });
  });
});
