import { unmarshallItem, unmarshallValue } from 'batchkit';
import { marshallItem, marshallValue } from 'batchkit/testing';
import { expect } from 'chai';

describe('testing/marshall', () => {
  describe('marshallValue', () => {
    const cases: [string, unknown, unknown][] = [
      ['a string', 'x', { S: 'x' }],
      ['a number', -2.5, { N: '-2.5' }],
      ['a bigint', 12345678901234567890n, { N: '12345678901234567890' }],
      ['a boolean', false, { BOOL: false }],
      ['null', null, { NULL: true }],
      ['undefined', undefined, { NULL: true }],
      ['bytes', new Uint8Array([255, 0]), { B: '/wA=' }],
      ['a list', [1, 'a'], { L: [{ N: '1' }, { S: 'a' }] }],
      ['a map', { a: { b: true } }, { M: { a: { M: { b: { BOOL: true } } } } }],
      ['a string set', new Set(['a', 'b']), { SS: ['a', 'b'] }],
      ['a number set', new Set([1, 2n]), { NS: ['1', '2'] }],
      ['a binary set', new Set([new Uint8Array([1])]), { BS: ['AQ=='] }],
      ['an object without prototype', Object.assign(Object.create(null), { a: 1 }), { M: { a: { N: '1' } } }],
    ];
    for (const [label, value, expected] of cases) {
      it(`marshalls ${label}`, () => {
        // Act
        const attribute = marshallValue(value);

        // Assess
        expect(attribute).to.deep.equal(expected);
      });
    }

    const unsupported: [string, unknown][] = [
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['a Date', new Date(0)],
      ['a Map', new Map([['a', 1]])],
      [
        'a class instance',
        new (class Point {
          x = 1;
        })(),
      ],
      ['a set of mixed types', new Set(['a', 1])],
      ['a set of objects', new Set([{ a: 1 }])],
      ['an empty set', new Set()],
      ['a nested function', { a: [{ b: () => 1 }] }],
    ];
    for (const [label, value] of unsupported) {
      it(`rejects ${label} with a TypeError`, () => {
        // Act
        const act = () => marshallValue(value);

        // Assess
        expect(act).to.throw(TypeError);
      });
    }

    it('round-trips through unmarshallValue', () => {
      // Prepare
      const value = { s: 'x', n: 3, l: [true, null, { m: new Set(['z']) }], b: new Uint8Array([7]) };

      // Act
      const back = unmarshallValue(marshallValue(value));

      // Assess
      expect(back).to.deep.equal(value);
    });
  });

  describe('marshallItem', () => {
    it('marshalls every property and leaves undefined ones out', () => {
      // Act
      const item = marshallItem({ pk: 'a', gone: undefined, n: 1 });

      // Assess
      expect(item).to.deep.equal({ pk: { S: 'a' }, n: { N: '1' } });
      expect(unmarshallItem(item)).to.deep.equal({ pk: 'a', n: 1 });
    });
  });
});
