import type { AttributeValue } from 'aws-lambda';
import { RecordParseError, unmarshallItem, unmarshallValue } from 'batchkit';
import { expect } from 'chai';
import { DEFAULT_MAX_DEPTH } from '../../../src/sources/limits.js';
import { thrownBy } from '../../support/errors';

/** `levels` containers, M and L in turn, around `{ S: 'leaf' }`: the outermost is level 1. */
function nested(levels: number): AttributeValue {
  let value: AttributeValue = { S: 'leaf' };
  for (let level = levels; level >= 1; level--) value = level % 2 === 0 ? { L: [value] } : { M: { a: value } };
  return value;
}

/** Follows `a` and index 0 down to the leaf; returns how many containers were on the way. */
function levelsOf(value: unknown): number {
  let levels = 0;
  for (let node = value; typeof node === 'object' && node !== null; levels++)
    node = Array.isArray(node) ? node[0] : (node as { a: unknown }).a;
  return levels;
}

describe('sources/unmarshall: nesting', () => {
  it(`takes a value nested DEFAULT_MAX_DEPTH (${DEFAULT_MAX_DEPTH}) levels and refuses one more`, () => {
    // Act
    const atLimit = unmarshallValue(nested(DEFAULT_MAX_DEPTH));
    const error = thrownBy(() => unmarshallValue(nested(DEFAULT_MAX_DEPTH + 1)));

    // Assess
    expect(levelsOf(atLimit)).to.equal(DEFAULT_MAX_DEPTH);
    expect(error).to.be.instanceOf(RecordParseError);
    expect((error as RecordParseError).retryable).to.equal(false);
  });

  it('counts the item as level 1 and each M, L or set inside it as one more', () => {
    // Prepare
    const item: Record<string, AttributeValue> = { m: { M: { l: { L: [{ SS: ['a'] }] } } }, flat: { S: 'x' } };

    // Act
    const fits = unmarshallItem(item, { maxDepth: 4 });
    const error = thrownBy(() => unmarshallItem(item, { maxDepth: 3 }));

    // Assess
    expect(fits).to.deep.equal({ m: { l: [new Set(['a'])] }, flat: 'x' });
    expect(error).to.be.instanceOf(RecordParseError);
  });

  it('does not count scalars, bytes or empty containers beyond their own level', () => {
    // Prepare
    const item: Record<string, AttributeValue> = {
      s: { S: 's' },
      n: { N: '1' },
      b: { B: 'AQ==' },
      t: { BOOL: true },
      z: { NULL: true },
      m: { M: {} },
      l: { L: [] },
    };

    // Act
    const native = unmarshallItem(item, { maxDepth: 2 });

    // Assess
    expect(Object.keys(native)).to.deep.equal(['s', 'n', 'b', 't', 'z', 'm', 'l']);
  });

  it('walks 100,000 levels without overflowing the stack when the limit allows it', () => {
    // Act
    const native = unmarshallValue(nested(100_000), 'value', { maxDepth: Number.POSITIVE_INFINITY });

    // Assess
    expect(levelsOf(native)).to.equal(100_000);
  });

  it('fails an item nested 100,000 levels with RecordParseError under the default limit', () => {
    // Act
    const error = thrownBy(() => unmarshallItem({ a: nested(100_000) }));

    // Assess
    expect(error).to.be.instanceOf(RecordParseError);
    expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
  });

  it('keeps the attribute order of every map and the element order of every list', () => {
    // Prepare
    const item: Record<string, AttributeValue> = {
      z: { M: { y: { N: '1' }, b: { L: [{ S: 'first' }, { M: { k: { S: 'v' } } }, { S: 'last' }] }, a: { S: 'x' } } },
      c: { S: 'c' },
      a: { L: [{ L: [{ N: '1' }, { N: '2' }] }, { N: '3' }] },
    };

    // Act
    const native = unmarshallItem(item) as { z: Record<string, unknown> };

    // Assess
    expect(JSON.stringify(native)).to.equal('{"z":{"y":1,"b":["first",{"k":"v"},"last"],"a":"x"},"c":"c","a":[[1,2],3]}');
  });

  it('still fails an invalid value deep inside with RecordParseError', () => {
    // Prepare
    const item = { a: { M: { b: { L: [{ S: 'ok' }, { L: [{ N: 'x' }] }] } } } } as Record<string, AttributeValue>;

    // Act
    const error = thrownBy(() => unmarshallItem(item));

    // Assess
    expect(error).to.be.instanceOf(RecordParseError);
  });
});
