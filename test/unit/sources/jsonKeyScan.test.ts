// The scan for prototype-reaching keys walks every object and array of a payload, and steps over the values that
// hold no keys (null, bytes, scalars) rather than tripping on them: a clean payload comes back unchanged.
import { expect } from 'chai';
import { parseJsonObject, requirePlainObject } from '../../../src/sources/json.js';

describe('sources/json: the forbidden-key scan over values without keys', () => {
  const texts: [string, string, unknown][] = [
    ['a null value (in a text that names constructor)', '{"a":null,"role":"constructor"}', { a: null, role: 'constructor' }],
    ['nulls in nested arrays (in a text with an escape)', '{"a":[null,[null]],"b":"\\u0041"}', { a: [null, [null]], b: 'A' }],
    [
      'a null next to a nested object',
      '{"x":{"y":null,"z":{"prototypeName":null}}}',
      { x: { y: null, z: { prototypeName: null } } },
    ],
  ];
  for (const [label, text, expected] of texts) {
    it(`parses a body with ${label}`, () => {
      // Act
      const value = parseJsonObject(text, 'body');

      // Assess
      expect(value).to.deep.equal(expected);
    });
  }

  it('checks a decoded image holding null and bytes', () => {
    // Prepare
    const image = { a: null, b: Buffer.from([1, 2]), c: { d: null } };

    // Act
    const checked = requirePlainObject(image, 'DynamoDB image');

    // Assess
    expect(checked).to.equal(image);
  });
});
