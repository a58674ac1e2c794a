// Each misuse of @BatchHandler and @RecordHandler is refused at class definition with a DecoratorUsageError whose
// message names the decorator, what was wrong and the fix. Every word is asserted: it is the whole diagnosis a user
// gets from a failed cold start.
import { BatchHandler, DecoratorUsageError, EventType, RecordHandler } from 'batchkit';
import { expect } from 'chai';
import { thrownBy } from '../../support/errors';

type AnyDecorator = (...args: unknown[]) => unknown;

class Orders {}
const method = async () => undefined;

const DECORATORS: [string, () => AnyDecorator][] = [
  ['BatchHandler', () => BatchHandler() as AnyDecorator],
  ['RecordHandler', () => RecordHandler(EventType.SQS) as AnyDecorator],
];

/** [misuse, the decorator's arguments, the message after `@Name `]. */
const MISUSES: [string, unknown[], string][] = [
  [
    'applied as a TC39 standard decorator',
    [method, { kind: 'method', name: 'handler', static: false, private: false }],
    'was applied as a TC39 standard decorator. batchkit (like class-validator) needs legacy decorators: set ' +
      '"experimentalDecorators": true (and "emitDecoratorMetadata": true for DTO inference) in tsconfig.json.',
  ],
  ['given a symbol key', [Orders.prototype, Symbol('handler'), { value: method }], 'needs a method with a string name.'],
  ['given a null key', [Orders.prototype, null, { value: method }], 'needs a method with a string name.'],
  [
    'applied to a static method',
    [Orders, 'handler', { value: method }],
    'cannot decorate the static method Orders.handler: use an instance method.',
  ],
  ['applied to a property', [Orders.prototype, 'handler', undefined], 'must decorate a method; handler is not one.'],
  ['applied to an accessor', [Orders.prototype, 'handler', { get: () => method }], 'must decorate a method; handler is not one.'],
];

describe('decorators: the message of each misuse', () => {
  for (const [name, decorator] of DECORATORS) {
    for (const [misuse, args, message] of MISUSES) {
      it(`@${name} ${misuse}`, () => {
        // Act
        const error = thrownBy(() => decorator()(...args));

        // Assess
        expect(error).to.be.instanceOf(DecoratorUsageError);
        expect((error as DecoratorUsageError).code).to.equal('INVALID_DECORATOR_USAGE');
        expect((error as Error).message).to.equal(`@${name} ${message}`);
      });
    }
  }
});
