import { UnexpectedBatchTypeError } from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { assertBatchEvent } from '../../../src/processors/batchEvent';
import { thrownBy } from '../../support/errors';

describe('processors: the shape of a batch event (assertBatchEvent)', () => {
  it('accepts an object with a Records array, even an empty one', () => {
    // Prepare
    const events = [sqsEvent([{ n: 1 }]), { Records: [] }];

    // Act
    const check = () => {
      for (const event of events) assertBatchEvent(event);
    };

    // Assess
    expect(check).to.not.throw();
  });

  for (const [name, event] of [
    ['undefined', undefined],
    ['null', null],
    ['a number', 5],
    ['an array of records', [{ eventSource: 'aws:sqs' }]],
    ['an object without Records', { Record: [] }],
    ['Records as a string', { Records: 'abc' }],
  ] as const) {
    it(`rejects ${name} with UnexpectedBatchTypeError`, () => {
      // Act
      const thrown = thrownBy(() => assertBatchEvent(event));

      // Assess
      expect(thrown).to.be.instanceOf(UnexpectedBatchTypeError);
    });
  }
});
