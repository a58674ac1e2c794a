// The property @BatchHandler leaves on the class and the ones it puts on an instance: the class gets a configurable
// accessor that keeps the method's enumerability; reading it caches the bound entry as a hidden, replaceable own
// property; assigning it makes an ordinary own property (as assigning a plain method would).
import type { Context, SQSEvent } from 'aws-lambda';
import { BatchHandler, silentLogger } from 'batchkit';
import { expect } from 'chai';

type AnyDecorator = (...args: unknown[]) => PropertyDescriptor;

function ordersClass() {
  class Orders {
    @BatchHandler({ logger: silentLogger })
    async handler(event: SQSEvent, context: Context): Promise<unknown> {
      return undefined;
    }
  }
  return Orders;
}

describe('@BatchHandler: the property descriptors', () => {
  it('defines a configurable, non-enumerable accessor on the class prototype', () => {
    // Prepare
    const Orders = ordersClass();

    // Act
    const descriptor = Object.getOwnPropertyDescriptor(Orders.prototype, 'handler');

    // Assess
    expect(descriptor?.configurable).to.equal(true);
    expect(descriptor?.enumerable).to.equal(false);
    expect(descriptor?.get).to.be.a('function');
    expect(descriptor?.set).to.be.a('function');
    expect(descriptor).to.not.have.any.keys('value', 'writable');
  });

  const enumerability: [string, boolean | undefined, boolean][] = [
    ['an enumerable method', true, true],
    ['a non-enumerable method', false, false],
    ['a descriptor that does not say', undefined, false],
  ];
  for (const [label, given, expected] of enumerability) {
    it(`keeps the enumerability of ${label} (${String(expected)})`, () => {
      // Prepare
      const descriptor: PropertyDescriptor = { value: async () => undefined, writable: true, configurable: true };
      if (given !== undefined) descriptor.enumerable = given;

      // Act
      const returned = (BatchHandler({ logger: silentLogger }) as AnyDecorator)({}, 'handler', descriptor);

      // Assess
      expect(returned.enumerable).to.equal(expected);
      expect(returned.configurable).to.equal(true);
    });
  }

  it('caches the bound entry on the instance as a writable, configurable, non-enumerable property', () => {
    // Prepare
    const instance = new (ordersClass())();

    // Act
    const entry = instance.handler;

    // Assess
    expect(Object.getOwnPropertyDescriptor(instance, 'handler')).to.deep.equal({
      value: entry,
      configurable: true,
      writable: true,
      enumerable: false,
    });
    expect(Object.keys(instance)).to.deep.equal([]);
  });

  it('makes an assigned entry a writable, configurable, enumerable own property', () => {
    // Prepare
    const instance = new (ordersClass())();
    const stub = async () => 'stubbed';

    // Act
    instance.handler = stub;

    // Assess
    expect(Object.getOwnPropertyDescriptor(instance, 'handler')).to.deep.equal({
      value: stub,
      configurable: true,
      writable: true,
      enumerable: true,
    });
    expect(Object.keys(instance)).to.deep.equal(['handler']);
  });
});
