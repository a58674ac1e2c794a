import { BatchProcessor, EventType, InvalidOptionError } from 'batchkit';
import { expect } from 'chai';
import { thrownBy } from '../../support/errors';

describe('the nonRetryableErrors option', () => {
  it('refuses nonRetryableErrors entries that are not classes, where the processor is built', () => {
    // Act
    const error = thrownBy(() => new BatchProcessor(EventType.SQS, { nonRetryableErrors: [() => true] as never }));

    // Assess
    expect(error).to.be.instanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).to.equal('nonRetryableErrors');
  });
});
