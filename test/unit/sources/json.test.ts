import { RecordParseError } from 'batchkit';
import { expect } from 'chai';
import { parseJsonObject, requirePlainObject } from '../../../src/sources/json.js';
import { thrownBy } from '../../support/errors';

function isPolluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || Object.hasOwn(Object.prototype, 'polluted');
}

describe('sources/json', () => {
  describe('parseJsonObject', () => {
    it('returns the parsed object', () => {
      // Prepare
      const text = '{"id":"o-1","nested":{"list":[1,{"deep":true}]},"constructorName":"x","prototypes":2}';

      // Act
      const value = parseJsonObject(text, 'body');

      // Assess
      expect(value).to.deep.equal({ id: 'o-1', nested: { list: [1, { deep: true }] }, constructorName: 'x', prototypes: 2 });
    });

    it('accepts forbidden words as values, not keys', () => {
      // Prepare
      const text = '{"name":"__proto__","role":"constructor","kind":"prototype","escaped":"\\u0041"}';

      // Act
      const value = parseJsonObject(text, 'body');

      // Assess
      expect(value).to.deep.equal({ name: '__proto__', role: 'constructor', kind: 'prototype', escaped: 'A' });
    });

    it('wraps a JSON syntax error as RecordParseError with the SyntaxError as cause', () => {
      // Prepare
      const text = '{"id":';

      // Act
      const error = thrownBy(() => parseJsonObject(text, 'body'));

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
      expect((error as RecordParseError).cause).to.be.instanceOf(SyntaxError);
    });

    for (const text of ['[]', '"x"', '1', 'true', 'null']) {
      it(`rejects the non-object JSON ${text}`, () => {
        // Act
        const error = thrownBy(() => parseJsonObject(text, 'body'));

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
      });
    }

    const hostile: [string, string][] = [
      ['__proto__ at the top', '{"__proto__":{"polluted":true}}'],
      ['constructor at the top', '{"constructor":{"prototype":{"polluted":true}}}'],
      ['prototype at the top', '{"prototype":{"polluted":true}}'],
      ['__proto__ nested in an object', '{"a":{"b":{"__proto__":{"polluted":true}}}}'],
      ['__proto__ inside an array', '{"items":[{"ok":1},{"__proto__":{"polluted":true}}]}'],
      ['constructor nested deep', '{"a":[[{"b":{"constructor":{"polluted":true}}}]]}'],
      ['an escaped \\u005f_proto__', '{"\\u005f_proto__":{"polluted":true}}'],
      ['a fully escaped __proto__', '{"\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f":{"polluted":true}}'],
      ['an escaped constructor, nested', '{"a":{"constr\\u0075ctor":{"prototype":{"polluted":true}}}}'],
      ['an escaped prototype in an array', '{"a":[{"pr\\u006ftotype":{"polluted":true}}]}'],
    ];
    for (const [label, text] of hostile) {
      it(`rejects ${label} and pollutes no prototype`, () => {
        // Act
        const error = thrownBy(() => parseJsonObject(text, 'body'));

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
        expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
        expect(isPolluted()).to.equal(false);
      });
    }
    it('scans a deeply nested payload without overflowing the stack', () => {
      // Prepare
      const depth = 50_000;
      const clean = `{"constructorName":1,"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const hostile = `{"a":${'['.repeat(depth)}{"__proto__":{"polluted":true}}${']'.repeat(depth)}}`;

      // Act
      const value = requirePlainObject(JSON.parse(clean), 'image');
      const error = thrownBy(() => requirePlainObject(JSON.parse(hostile), 'image'));
      const tooDeep = thrownBy(() => parseJsonObject(clean, 'body'));

      // Assess
      expect(Object.keys(value)).to.deep.equal(['constructorName', 'a']);
      expect(error).to.be.instanceOf(RecordParseError);
      expect(tooDeep).to.be.instanceOf(RecordParseError);
      expect(isPolluted()).to.equal(false);
    });
  });

  describe('requirePlainObject', () => {
    it('returns an object free of forbidden keys unchanged', () => {
      // Prepare
      const value = { a: { b: [1, { c: 2 }] } };

      // Act
      const checked = requirePlainObject(value, 'image');

      // Assess
      expect(checked).to.equal(value);
    });

    it('finds an own __proto__ key made with defineProperty', () => {
      // Prepare
      const inner: Record<string, unknown> = {};
      Object.defineProperty(inner, '__proto__', { value: { polluted: true }, enumerable: true });
      const value = { outer: [inner] };

      // Act
      const error = thrownBy(() => requirePlainObject(value, 'image'));

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
    });

    for (const [label, value] of [
      ['null', null],
      ['undefined', undefined],
      ['an array', [{ a: 1 }]],
      ['a string', '{}'],
      ['a number', 1],
    ] as const) {
      it(`rejects ${label}`, () => {
        // Act
        const error = thrownBy(() => requirePlainObject(value, 'image'));

        // Assess
        expect(error).to.be.instanceOf(RecordParseError);
      });
    }

    it('skips the key scan when told the text cannot hold a forbidden key', () => {
      // Prepare
      const value = JSON.parse('{"constructor":1}') as unknown;

      // Act
      const checked = requirePlainObject(value, 'body', false);

      // Assess
      expect(checked).to.deep.equal({ constructor: 1 });
    });
  });
});

describe('parseJsonObject nesting limit', () => {
  it('fails a payload nested deeper than class-transformer can walk with RecordParseError, not a stack overflow', () => {
    // Prepare
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const fine = `${'{"a":'.repeat(200)}"[[[{{{"${'}'.repeat(200)}`;

    // Act
    const thrown = thrownBy(() => parseJsonObject(deep, 'body'));

    // Assess
    expect(thrown).to.be.instanceOf(RecordParseError);
    expect((thrown as RecordParseError).retryable).to.equal(false);
    expect(parseJsonObject(fine, 'body')).to.have.property('a');
  });
});
