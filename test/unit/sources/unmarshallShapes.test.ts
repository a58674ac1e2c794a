// The edges of the AttributeValue shape: members set to `undefined` (as AWS SDK objects carry them) do not count, a
// value that is not an object or a list with a hole is refused at its path, and the element types of NS and BS are
// checked one by one. The objects unmarshalling builds hold ordinary properties that a handler may change or delete.
import type { AttributeValue } from 'aws-lambda';
import { RecordParseError, unmarshallItem, unmarshallValue } from 'batchkit';
import { expect } from 'chai';
import { thrownBy } from '../../support/errors';

// biome-ignore lint/suspicious/noSparseArray: a list with a hole is the case under test
const LIST_WITH_HOLE = [, { S: 'a' }];

describe('sources/unmarshall: shape edges', () => {
  describe('accepted', () => {
    const cases: [string, unknown, unknown][] = [
      ['an S next to members set to undefined', { S: 'a', N: undefined, M: undefined }, 'a'],
      ['an L whose element has undefined members', { L: [{ BOOL: undefined, N: '7' }] }, [7]],
      ['an M whose attribute has undefined members', { M: { a: { NULL: true, S: undefined } } }, { a: null }],
    ];
    for (const [label, value, expected] of cases) {
      it(`unmarshalls ${label}`, () => {
        // Act
        const native = unmarshallValue(value as AttributeValue);

        // Assess
        expect(native).to.deep.equal(expected);
      });
    }
  });

  describe('refused', () => {
    /** [what, the call, the path named in the message]. */
    const cases: [string, () => unknown, string][] = [
      ['undefined', () => unmarshallValue(undefined as unknown as AttributeValue), 'value'],
      [
        'an item attribute that is undefined',
        () => unmarshallItem({ a: undefined } as unknown as Record<string, AttributeValue>),
        'a',
      ],
      ['an L with a hole', () => unmarshallValue({ L: LIST_WITH_HOLE } as unknown as AttributeValue, 'list'), 'list.0'],
      ['an M that is a string', () => unmarshallValue({ M: 'ab' } as unknown as AttributeValue), 'value'],
      ['an M that is a number', () => unmarshallValue({ M: 5 } as unknown as AttributeValue), 'value'],
      ['an NS holding a number', () => unmarshallValue({ NS: ['1', 12] } as unknown as AttributeValue, 'ns'), 'ns'],
      ['a BS holding a number that reads as base64', () => unmarshallValue({ BS: [1234] } as unknown as AttributeValue), 'value'],
      ['a BS holding null', () => unmarshallValue({ BS: ['AQ==', null] } as unknown as AttributeValue), 'value'],
    ];
    for (const [label, act, path] of cases) {
      it(`refuses ${label} with RecordParseError naming "${path}"`, () => {
        // Act
        const error = thrownBy(act);

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
        expect((error as Error).message).to.equal(`DynamoDB attribute "${path}" is not a valid AttributeValue.`);
      });
    }
  });

  describe('the objects it builds', () => {
    it('holds each attribute as a writable, enumerable, configurable own property, at every level', () => {
      // Prepare
      const item: Record<string, AttributeValue> = { pk: { S: 'u#1' }, m: { M: { n: { N: '2' } } } };

      // Act
      const native = unmarshallItem(item);

      // Assess
      const nested = native.m as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(native, 'pk')).to.deep.equal({
        value: 'u#1',
        writable: true,
        enumerable: true,
        configurable: true,
      });
      expect(Object.getOwnPropertyDescriptor(nested, 'n')).to.deep.equal({
        value: 2,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    });
  });
});
