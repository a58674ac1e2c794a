import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from 'aws-lambda';
import { RecordParseError, unmarshallItem, unmarshallValue } from 'batchkit';
import { expect } from 'chai';
import fc from 'fast-check';
import { thrownBy } from '../../support/errors';

const bytes = (...values: number[]) => new Uint8Array(values);
const b64 = (...values: number[]) => Buffer.from(values).toString('base64');

describe('sources/unmarshall', () => {
  describe('scalar types', () => {
    const cases: [string, AttributeValue, unknown][] = [
      ['S', { S: 'hello' }, 'hello'],
      ['an empty S', { S: '' }, ''],
      ['N (integer)', { N: '42' }, 42],
      ['N (negative decimal)', { N: '-3.25' }, -3.25],
      ['N (exponent)', { N: '1.5E3' }, 1500],
      ['N (leading dot)', { N: '.5' }, 0.5],
      ['N (largest safe integer)', { N: '9007199254740991' }, 9007199254740991],
      ['N (smallest safe integer)', { N: '-9007199254740991' }, -9007199254740991],
      ['BOOL true', { BOOL: true }, true],
      ['BOOL false', { BOOL: false }, false],
      ['NULL', { NULL: true }, null],
    ];
    for (const [label, value, expected] of cases) {
      it(`unmarshalls ${label}`, () => {
        // Act
        const native = unmarshallValue(value);

        // Assess
        expect(native).to.deep.equal(expected);
      });
    }

    it('unmarshalls a base64 B (as Lambda events carry it) into bytes', () => {
      // Prepare
      const value: AttributeValue = { B: b64(0, 1, 254, 255) };

      // Act
      const native = unmarshallValue(value);

      // Assess
      expect(native).to.be.instanceOf(Uint8Array);
      expect([...(native as Uint8Array)]).to.deep.equal([0, 1, 254, 255]);
    });

    it('unmarshalls an empty B into empty bytes', () => {
      // Act
      const native = unmarshallValue({ B: '' });

      // Assess
      expect(native).to.be.instanceOf(Uint8Array);
      expect((native as Uint8Array).length).to.equal(0);
    });

    it('keeps a B given as bytes (as the AWS SDK types it)', () => {
      // Prepare
      const data = bytes(9, 8, 7);

      // Act
      const native = unmarshallValue({ B: data } as unknown as AttributeValue);

      // Assess
      expect([...(native as Uint8Array)]).to.deep.equal([9, 8, 7]);
    });
  });

  describe('numbers beyond the safe integer range', () => {
    for (const text of [
      '9007199254740992',
      '-9007199254740993',
      '12345678901234567890123456789012345678',
      '1E+30',
      '123456789012345678.5',
    ]) {
      it(`keeps ${text} as its exact string`, () => {
        // Act
        const native = unmarshallValue({ N: text });

        // Assess
        expect(native).to.equal(text);
      });
    }

    it('keeps large members of an NS as strings and small ones as numbers', () => {
      // Act
      const native = unmarshallValue({ NS: ['1', '99999999999999999999'] });

      // Assess
      expect(native).to.deep.equal(new Set([1, '99999999999999999999']));
    });
  });

  describe('sets', () => {
    it('unmarshalls SS, NS and BS into Sets', () => {
      // Prepare
      const item: Record<string, AttributeValue> = {
        tags: { SS: ['a', 'b'] },
        scores: { NS: ['1', '2.5', '-3'] },
        blobs: { BS: [b64(1), b64(2, 3)] },
      };

      // Act
      const native = unmarshallItem(item);

      // Assess
      expect(native.tags).to.deep.equal(new Set(['a', 'b']));
      expect(native.scores).to.deep.equal(new Set([1, 2.5, -3]));
      expect(native.blobs).to.be.instanceOf(Set);
      expect([...(native.blobs as Set<Uint8Array>)].map((b) => [...b])).to.deep.equal([[1], [2, 3]]);
    });
  });

  describe('containers', () => {
    it('unmarshalls nested M and L of every type', () => {
      // Prepare
      const item: Record<string, AttributeValue> = {
        pk: { S: 'u#1' },
        profile: {
          M: {
            name: { S: 'Ada' },
            age: { N: '36' },
            active: { BOOL: true },
            nickname: { NULL: true },
            addresses: {
              L: [{ M: { city: { S: 'London' }, zip: { N: '12345' } } }, { L: [{ S: 'x' }, { N: '1' }, { L: [] }] }, { M: {} }],
            },
            tags: { SS: ['math'] },
          },
        },
      };

      // Act
      const native = unmarshallItem(item);

      // Assess
      expect(native).to.deep.equal({
        pk: 'u#1',
        profile: {
          name: 'Ada',
          age: 36,
          active: true,
          nickname: null,
          addresses: [{ city: 'London', zip: 12345 }, ['x', 1, []], {}],
          tags: new Set(['math']),
        },
      });
    });

    it('unmarshalls an empty item into an empty object', () => {
      // Act
      const native = unmarshallItem({});

      // Assess
      expect(native).to.deep.equal({});
    });

    it('keeps a __proto__ attribute as an own property without touching any prototype', () => {
      // Prepare
      const item = JSON.parse('{"__proto__":{"M":{"polluted":{"BOOL":true}}},"m":{"M":{"__proto__":{"S":"x"}}}}');

      // Act
      const native = unmarshallItem(item);

      // Assess
      expect(Object.getPrototypeOf(native)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(native, '__proto__')?.value).to.deep.equal({ polluted: true });
      expect(Object.getOwnPropertyDescriptor(native.m, '__proto__')?.value).to.equal('x');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  describe('invalid shapes', () => {
    const invalid: [string, unknown][] = [
      ['null', null],
      ['a string', 'x'],
      ['a number', 1],
      ['an empty object', {}],
      ['an unknown type', { X: '1' }],
      ['two types at once', { S: 'a', N: '1' }],
      ['only undefined members', { S: undefined }],
      ['S that is not a string', { S: 5 }],
      ['N that is not a string', { N: 5 }],
      ['N that is empty', { N: '' }],
      ['N with spaces', { N: ' 5 ' }],
      ['N in hexadecimal', { N: '0x10' }],
      ['N that is not a number', { N: 'abc' }],
      ['N that is Infinity', { N: 'Infinity' }],
      ['N that is NaN', { N: 'NaN' }],
      ['N that overflows', { N: '1e400' }],
      ['BOOL that is not a boolean', { BOOL: 'true' }],
      ['NULL that is false', { NULL: false }],
      ['B with invalid base64', { B: 'not base64!' }],
      ['B with bad padding', { B: 'AQI' }],
      ['B that is a number', { B: 1 }],
      ['M that is null', { M: null }],
      ['M that is an array', { M: [{ S: 'a' }] }],
      ['M holding an invalid value', { M: { a: { X: 1 } } }],
      ['L that is not an array', { L: 'x' }],
      ['L holding a raw value', { L: [1] }],
      ['L holding an invalid value deep down', { L: [{ L: [{ M: { a: { N: 'x' } } }] }] }],
      ['SS that is a string', { SS: 'ab' }],
      ['SS holding a number', { SS: ['a', 1] }],
      ['NS that is a string', { NS: '12' }],
      ['NS holding a non-number', { NS: ['1', 'two'] }],
      ['BS that is a string', { BS: 'AQ==' }],
      ['BS holding a number', { BS: [5] }],
      ['BS holding invalid base64', { BS: ['AQ==', '***'] }],
    ];
    for (const [label, value] of invalid) {
      it(`rejects ${label} with RecordParseError`, () => {
        // Act
        const error = thrownBy(() => unmarshallValue(value as AttributeValue));

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
        expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
      });
    }

    it('rejects an item holding an invalid attribute with RecordParseError', () => {
      // Prepare
      const item = { pk: { S: 'u#1' }, bad: { L: 'x' } } as unknown as Record<string, AttributeValue>;

      // Act
      const error = thrownBy(() => unmarshallItem(item));

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
    });
  });

  describe('agrees with @aws-sdk/util-dynamodb', () => {
    const safeNumber = fc.oneof(
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }).map(String),
      fc
        .double({ noNaN: true, noDefaultInfinity: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })
        .map(String),
      fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}.${b}`),
    );
    // util-dynamodb assigns map keys with `=`, so a `__proto__` key cannot be compared.
    const attributeName = fc.string({ maxLength: 8 }).filter((name) => name !== '__proto__');
    const byteArray = fc.uint8Array({ maxLength: 8 });
    const { value: attributeValue } = fc.letrec<{ value: SdkAttributeValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string().map((S) => ({ S })),
        safeNumber.map((N) => ({ N })),
        fc.boolean().map((BOOL) => ({ BOOL })),
        fc.constant({ NULL: true }),
        byteArray.map((B) => ({ B })),
        fc.array(fc.string(), { minLength: 1, maxLength: 5 }).map((SS) => ({ SS })),
        fc.array(safeNumber, { minLength: 1, maxLength: 5 }).map((NS) => ({ NS })),
        fc.array(byteArray, { minLength: 1, maxLength: 5 }).map((BS) => ({ BS })),
        fc.array(tie('value'), { maxLength: 4 }).map((L) => ({ L })),
        fc.dictionary(attributeName, tie('value'), { maxKeys: 4 }).map((M) => ({ M })),
      ),
    }));
    const item = fc.dictionary(attributeName, attributeValue, { maxKeys: 6 });

    it('gives the same native value for random AttributeValue trees (safe numbers, B as bytes)', () => {
      fc.assert(
        fc.property(item, (generated) => {
          // Act
          const ours = asPlainBytes(unmarshallItem(generated as unknown as Record<string, AttributeValue>));
          const theirs = unmarshall(generated);

          // Assess
          expect(ours).to.deep.equal(theirs);
        }),
        { numRuns: 200 },
      );
    });
  });
});

/** batchkit gives bytes as Buffers (which class-transformer keeps); the SDK as plain Uint8Arrays: compare the bytes. */
function asPlainBytes(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  if (value instanceof Set) return new Set([...value].map(asPlainBytes));
  if (Array.isArray(value)) return value.map(asPlainBytes);
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: asPlainBytes((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
