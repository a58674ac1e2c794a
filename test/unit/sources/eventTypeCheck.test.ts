// isEventType accepts only the EventType strings themselves: a value that merely converts to one (a String object,
// a one-element array, an object with a toString) is not an event type, though it would find the source's key.
import { expect } from 'chai';
import { isEventType } from '../../../src/sources/registry.js';

describe('sources/registry: isEventType refuses values that only convert to an EventType', () => {
  const values: [string, unknown][] = [
    ['a String object', new String('SQS')],
    ['a one-element array', ['KinesisDataStreams']],
    ['an object whose toString gives one', { toString: () => 'DynamoDBStreams' }],
  ];
  for (const [label, value] of values) {
    it(`refuses ${label}`, () => {
      // Act
      const accepted = isEventType(value);

      // Assess
      expect(accepted).to.equal(false);
    });
  }
});
