import { RecordParseError } from 'batchkit';
import { expect } from 'chai';
import { parseJsonObject } from '../../../src/sources/json.js';
import { DEFAULT_MAX_DEPTH } from '../../../src/sources/limits.js';
import { thrownBy } from '../../support/errors';

/** A JSON object nesting `depth` objects (the top one is level 1). */
function nestedObjects(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

/** A JSON object holding arrays nested so that the whole text is `depth` levels deep. */
function nestedArrays(depth: number): string {
  return `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

/** Objects and arrays in turn, `depth` levels in all. */
function alternating(depth: number): string {
  let text = '1';
  for (let level = depth; level >= 1; level--) text = level % 2 === 1 ? `{"a":${text}}` : `[${text}]`;
  return text;
}

/** Why the scan must not count what it counts: each text is a valid object no deeper than the limit. */
const LIMIT = 8;
const shallowEnough: [string, string][] = [
  ['objects nested exactly at the limit', nestedObjects(LIMIT)],
  ['arrays nested exactly at the limit', nestedArrays(LIMIT)],
  ['objects and arrays in turn, exactly at the limit', alternating(LIMIT)],
  ['10,000 sibling objects at depth 2', `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":{}`).join(',')}}`],
  ['10,000 sibling arrays at depth 3', `{"rows":[${'[],'.repeat(9_999)}[]]}`],
  ['"[[[[" 1,000 times inside a string value', `{"a":"${'[[[['.repeat(1_000)}"}`],
  ['braces inside a key', `{"${'{'.repeat(100)}":1}`],
  ['escaped quotes around brackets inside a string', `{"a":"\\"${'['.repeat(100)}\\""}`],
  ['an escaped backslash before a closing quote, brackets in the next string', `{"a":"\\\\","b":"${'['.repeat(100)}"}`],
  ['a unicode escape of a quote before brackets', `{"a":"\\u0022${'{'.repeat(100)}"}`],
];
const tooDeep: [string, string][] = [
  ['objects nested one level deeper than the limit', nestedObjects(LIMIT + 1)],
  ['arrays nested one level deeper', nestedArrays(LIMIT + 1)],
  ['objects and arrays in turn, one level deeper', alternating(LIMIT + 1)],
  [
    'closing brackets inside a string before a deep array',
    `{"s":"${']'.repeat(100)}","a":${'['.repeat(LIMIT)}${']'.repeat(LIMIT)}}`,
  ],
  ['an escaped quote that does not end the string before a deep array', `{"s":"\\"]]]]]]]]]]","a":${nestedArrays(LIMIT)}}`],
  ['a deep array after 10,000 shallow siblings', `{${'"k":{},'.repeat(10_000)}"a":${'['.repeat(LIMIT)}${']'.repeat(LIMIT)}}`],
];

describe('sources/json: the nesting limit (maxDepth)', () => {
  for (const [label, text] of shallowEnough) {
    it(`accepts ${label}`, () => {
      // Act
      const value = parseJsonObject(text, 'body', LIMIT);

      // Assess
      expect(value).to.deep.equal(JSON.parse(text));
    });
  }

  for (const [label, text] of tooDeep) {
    it(`fails ${label} with a non-retryable RecordParseError`, () => {
      // Act
      const error = thrownBy(() => parseJsonObject(text, 'body', LIMIT));

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
      expect((error as RecordParseError).retryable).to.equal(false);
    });
  }

  it('counts the top object as level 1: maxDepth 1 takes {} and refuses {"a":{}}', () => {
    // Act
    const flat = parseJsonObject('{"a":1,"b":"[{"}', 'body', 1);
    const error = thrownBy(() => parseJsonObject('{"a":{}}', 'body', 1));

    // Assess
    expect(flat).to.deep.equal({ a: 1, b: '[{' });
    expect(error).to.be.instanceOf(RecordParseError);
  });

  it(`defaults to DEFAULT_MAX_DEPTH (${DEFAULT_MAX_DEPTH}) levels`, () => {
    // Act
    const atLimit = parseJsonObject(nestedObjects(DEFAULT_MAX_DEPTH), 'body');
    const error = thrownBy(() => parseJsonObject(nestedArrays(DEFAULT_MAX_DEPTH + 1), 'body'));

    // Assess
    expect(atLimit).to.have.property('a');
    expect(error).to.be.instanceOf(RecordParseError);
  });

  it('takes a wide, shallow text far longer than twice the default limit', () => {
    // Prepare
    const text = `{"items":[${Array.from({ length: 10_000 }, (_, i) => `{"id":${i},"tags":["a","b"]}`).join(',')}]}`;

    // Act
    const value = parseJsonObject(text, 'body');

    // Assess
    expect((value.items as unknown[]).length).to.equal(10_000);
  });

  it('fails a text nested 20,000 levels with RecordParseError, not a stack overflow', () => {
    // Act
    const error = thrownBy(() => parseJsonObject(nestedObjects(20_000), 'body'));

    // Assess
    expect(error).to.be.instanceOf(RecordParseError);
    expect((error as RecordParseError).retryable).to.equal(false);
  });
});
