import { AsyncHandlerError, BatchProcessorSync, EventType, processPartialResponse, silentLogger } from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';

describe('a synchronous processor given an async record handler', () => {
  it('fails every record with AsyncHandlerError, through processPartialResponse too', async () => {
    // Prepare
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    const event = sqsEvent([{ n: 1 }, { n: 2 }]);

    // Act
    const response = await processPartialResponse(event, async () => 'saved', processor, { throwOnFullBatchFailure: false });

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(event.Records.map((r) => r.messageId));
    expect(processor.errors).to.have.length(2);
    expect(processor.errors.every((e) => e instanceof AsyncHandlerError)).to.equal(true);
  });
});
