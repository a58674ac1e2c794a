import type { SQSRecord } from 'aws-lambda';
import { FAILURE_ATTRIBUTE, type RecordFailure, RecordValidationError } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { deadLetterCopy } from '../../../../src/sqs/deadLetter/deadLetterCopy';

function failureOf(
  record: SQSRecord,
  error: Error = new RecordValidationError('OrderDto', [], []),
): RecordFailure & { record: SQSRecord } {
  return { record, itemIdentifier: record.messageId, index: 0, eventType: 'SQS', error, retryable: false };
}

describe('sqs/deadLetter/deadLetterCopy', () => {
  it('keeps the body and the message attributes (binaries decoded) and adds the failure note', () => {
    // Prepare
    const record = sqsRecord('{"id":1}', {
      messageAttributes: {
        tenant: { dataType: 'String', stringValue: 'acme' },
        blob: { dataType: 'Binary', binaryValue: Buffer.from([7, 8]).toString('base64') },
      },
    });

    // Act
    const copy = deadLetterCopy(failureOf(record), false);

    // Assess
    expect(copy.MessageBody).to.equal('{"id":1}');
    expect(copy.MessageAttributes.tenant).to.deep.equal({ DataType: 'String', StringValue: 'acme' });
    expect(Array.from(copy.MessageAttributes.blob?.BinaryValue ?? [])).to.deep.equal([7, 8]);
    expect(JSON.parse(copy.MessageAttributes[FAILURE_ATTRIBUTE]?.StringValue as string)).to.deep.equal({
      code: 'RECORD_VALIDATION_FAILED',
      message: new RecordValidationError('OrderDto', [], []).message,
      sourceQueueArn: record.eventSourceARN,
      messageId: record.messageId,
    });
    expect(copy.annotated).to.equal(true);
    expect(copy).to.not.have.property('MessageGroupId');
    expect(copy.size).to.be.greaterThan(Buffer.byteLength('{"id":1}'));
  });

  it('adds no attribute to a message that already has ten, and says so', () => {
    // Prepare
    const messageAttributes = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`a${i}`, { dataType: 'String' as const, stringValue: String(i) }]),
    );
    const record = sqsRecord('{}', { messageAttributes });

    // Act
    const copy = deadLetterCopy(failureOf(record), false);

    // Assess
    expect(copy.annotated).to.equal(false);
    expect(Object.keys(copy.MessageAttributes)).to.have.length(10);
    expect(copy.MessageAttributes).to.not.have.property(FAILURE_ATTRIBUTE);
  });

  it('replaces the note of an earlier failure instead of counting it', () => {
    // Prepare
    const messageAttributes: SQSRecord['messageAttributes'] = {
      [FAILURE_ATTRIBUTE]: { dataType: 'String', stringValue: '{"code":"OLD"}' },
    };
    for (let i = 0; i < 9; i++) messageAttributes[`a${i}`] = { dataType: 'String', stringValue: String(i) };
    const record = sqsRecord('{}', { messageAttributes });

    // Act
    const copy = deadLetterCopy(failureOf(record, Object.assign(new Error('boom'), { name: 'Boom' })), false);

    // Assess
    expect(copy.annotated).to.equal(true);
    expect(JSON.parse(copy.MessageAttributes[FAILURE_ATTRIBUTE]?.StringValue as string)).to.include({
      code: 'Boom',
      message: 'boom',
    });
  });

  it('gives a FIFO DLQ copy the original group and a deduplication id derived from the message id', () => {
    // Prepare
    const record = sqsRecord('{}', {
      eventSourceARN: 'arn:aws:sqs:us-east-1:1:q.fifo',
      attributes: { MessageGroupId: 'customer-7' },
    });
    const other = sqsRecord('{}', { eventSourceARN: 'arn:aws:sqs:us-east-1:1:q.fifo' });

    // Act
    const copy = deadLetterCopy(failureOf(record), true);
    const again = deadLetterCopy(failureOf(record), true);
    const otherCopy = deadLetterCopy(failureOf(other), true);

    // Assess
    expect(copy.MessageGroupId).to.equal('customer-7');
    expect(copy.MessageDeduplicationId).to.match(/^[0-9a-f]{64}$/);
    expect(again.MessageDeduplicationId).to.equal(copy.MessageDeduplicationId);
    expect(otherCopy.MessageDeduplicationId).to.not.equal(copy.MessageDeduplicationId);
  });
});
