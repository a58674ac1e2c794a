import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  RecordParseError,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf } from '../../support/errors';
import { dynamodbRecords, idOf } from '../../support/records';

describe('a malformed record in a batch', () => {
  it('fails alone when its DynamoDB Keys are null, even where the keys are needed (skip-group)', async () => {
    // Prepare
    const records = dynamodbRecords([{ pk: 'a' }, { pk: 'b' }]);
    (records[1]?.dynamodb as { Keys: unknown }).Keys = null;
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: silentLogger });

    // Act
    const response = await processPartialResponse({ Records: records }, () => 'ok', processor, { onError: 'skip-group' });

    // Assess
    expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: idOf(records[1] as never) }]);
    expect(processor.errors).to.have.length(1);
    expect(processor.errors[0]).to.be.instanceOf(RecordParseError);
    expect(processor.successMessages).to.deep.equal([records[0]]);
  });

  it('makes the invocation throw UnexpectedBatchTypeError for a null entry, before any record runs (never a TypeError)', async () => {
    // Prepare
    const event = { Records: [sqsRecord({}), null] };
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    let ran = 0;

    // Act
    const error = await rejectionOf(processPartialResponse(event, () => ran++, processor));

    // Assess: the whole batch is retried, nothing is reported as processed
    expect(error).to.be.instanceOf(UnexpectedBatchTypeError);
    expect((error as UnexpectedBatchTypeError).code).to.equal('UNEXPECTED_BATCH_TYPE');
    expect(ran).to.equal(0);
  });
});
