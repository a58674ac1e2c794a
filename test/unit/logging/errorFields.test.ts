import { RecordParseError } from 'batchkit';
import { expect } from 'chai';
import { type ErrorFields, errorFields, UNREADABLE } from '../../../src/logging/errorFields';

function unreadable(): never {
  throw new Error('this field cannot be read');
}

function errorWith(fields: Record<string, PropertyDescriptor>, message = 'boom'): Error {
  return Object.defineProperties(new Error(message), fields);
}

describe('logging/errorFields', () => {
  const CASES: { what: string; thrown: () => unknown; fields: ErrorFields }[] = [
    { what: 'an Error', thrown: () => new TypeError('bad input'), fields: { errorName: 'TypeError', errorMessage: 'bad input' } },
    {
      what: 'a batchkit error (its code)',
      thrown: () => new RecordParseError('m1 is not JSON'),
      fields: {
        errorName: 'RecordParseError',
        errorMessage: new RecordParseError('m1 is not JSON').message,
        errorCode: 'RECORD_PARSE_FAILED',
      },
    },
    {
      what: 'a numeric code, kept as a number',
      thrown: () => Object.assign(new Error('boom'), { code: 503 }),
      fields: { errorName: 'Error', errorMessage: 'boom', errorCode: 503 },
    },
    {
      what: 'a bigint code, as its digits and n',
      thrown: () => Object.assign(new Error('boom'), { code: 10n }),
      fields: { errorName: 'Error', errorMessage: 'boom', errorCode: '10n' },
    },
    {
      what: 'an object code, as text',
      thrown: () => Object.assign(new Error('boom'), { code: { toString: () => 'E_OBJ' } }),
      fields: { errorName: 'Error', errorMessage: 'boom', errorCode: 'E_OBJ' },
    },
    {
      what: 'a code whose getter throws',
      thrown: () => errorWith({ code: { get: unreadable } }),
      fields: { errorName: 'Error', errorMessage: 'boom', errorCode: UNREADABLE },
    },
    {
      what: 'a name getter that throws (the message is still read)',
      thrown: () => errorWith({ name: { get: unreadable } }),
      fields: { errorName: UNREADABLE, errorMessage: 'boom' },
    },
    {
      what: 'a message getter that throws (the name is still read)',
      thrown: () => errorWith({ message: { get: unreadable } }),
      fields: { errorName: 'Error', errorMessage: UNREADABLE },
    },
    {
      what: 'a name whose toString throws',
      thrown: () => errorWith({ name: { value: { toString: unreadable } } }),
      fields: { errorName: UNREADABLE, errorMessage: 'boom' },
    },
    {
      what: 'a message that is an object without prototype',
      thrown: () => errorWith({ message: { value: Object.create(null) } }),
      fields: { errorName: 'Error', errorMessage: UNREADABLE },
    },
    {
      what: 'a Proxy whose every trap throws',
      thrown: () => new Proxy(new Error('boom'), new Proxy({}, { get: () => unreadable })),
      fields: { errorName: UNREADABLE, errorMessage: UNREADABLE, errorCode: UNREADABLE },
    },
    {
      what: 'a plain object without a name (its class name)',
      thrown: () => ({ message: 'not an Error' }),
      fields: { errorName: 'Object', errorMessage: 'not an Error' },
    },
    {
      what: 'an object without prototype',
      thrown: () => Object.create(null),
      fields: { errorName: 'object', errorMessage: '' },
    },
    { what: 'a string', thrown: () => 'plain string', fields: { errorName: 'string', errorMessage: 'plain string' } },
    { what: 'a number', thrown: () => 42, fields: { errorName: 'number', errorMessage: '42' } },
    { what: 'a bigint', thrown: () => 7n, fields: { errorName: 'bigint', errorMessage: '7n' } },
    { what: 'a symbol', thrown: () => Symbol('s'), fields: { errorName: 'symbol', errorMessage: 'Symbol(s)' } },
    { what: 'null', thrown: () => null, fields: { errorName: 'null', errorMessage: 'null' } },
    { what: 'undefined', thrown: () => undefined, fields: { errorName: 'undefined', errorMessage: 'undefined' } },
  ];

  for (const { what, thrown, fields } of CASES) {
    it(`reads ${what} without throwing`, () => {
      // Act
      const read = errorFields(thrown());

      // Assess
      expect(read).to.deep.equal(fields);
      expect(JSON.parse(JSON.stringify(read))).to.deep.equal(read);
    });
  }

  it('adds the stack only when asked', () => {
    // Prepare
    const error = new Error('boom');
    const hostile = errorWith({ stack: { get: unreadable } });

    // Act
    const without = errorFields(error);
    const withStack = errorFields(error, { stack: true });
    const unreadableStack = errorFields(hostile, { stack: true });

    // Assess
    expect(without).to.not.have.property('errorStack');
    expect(withStack.errorStack).to.equal(error.stack);
    expect(unreadableStack.errorStack).to.equal(UNREADABLE);
  });

  it('leaves errorCode out when the error has no code', () => {
    expect(errorFields(new Error('boom'))).to.not.have.property('errorCode');
  });
});
