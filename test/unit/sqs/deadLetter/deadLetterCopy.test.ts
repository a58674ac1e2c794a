import type { SQSRecord } from 'aws-lambda';
import { FAILURE_ATTRIBUTE, type RecordFailure, RecordValidationError } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { deadLetterCopy, MAX_MESSAGE_BYTES, messageSize, withoutNote } from '../../../../src/sqs/deadLetter/deadLetterCopy';

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

  describe("size, as SQS counts it: body bytes plus each attribute's name, data type and value bytes", () => {
    it('counts UTF-8 bytes, string and binary values, and the failure note', () => {
      // Prepare
      const record = sqsRecord('ünï', {
        messageAttributes: {
          tenant: { dataType: 'String', stringValue: 'acmé' },
          blob: { dataType: 'Binary', binaryValue: Buffer.from([1, 2, 3, 4]).toString('base64') },
        },
      });

      // Act
      const copy = deadLetterCopy(failureOf(record), false);

      // Assess
      const note = copy.MessageAttributes[FAILURE_ATTRIBUTE]?.StringValue as string;
      const expected =
        Buffer.byteLength('ünï') +
        ('tenant'.length + 'String'.length + Buffer.byteLength('acmé')) +
        ('blob'.length + 'Binary'.length + 4) +
        (FAILURE_ATTRIBUTE.length + 'String'.length + Buffer.byteLength(note));
      expect(copy.size).to.equal(expected);
      expect(copy.size).to.equal(messageSize(copy.MessageBody, copy.MessageAttributes));
    });

    it('the limit is 1 MiB', () => {
      expect(MAX_MESSAGE_BYTES).to.equal(1_048_576);
    });

    // The note of these failures: the same for every record below except for its message id, whose length is fixed.
    const noteBytes = (() => {
      const copy = deadLetterCopy(failureOf(sqsRecord('')), false);
      return copy.size;
    })();
    const CASES: { what: string; bodyBytes: number; annotated: boolean }[] = [
      { what: 'a copy exactly at the limit with the note keeps it', bodyBytes: MAX_MESSAGE_BYTES - noteBytes, annotated: true },
      {
        what: 'a copy one byte over the limit with the note goes without it',
        bodyBytes: MAX_MESSAGE_BYTES - noteBytes + 1,
        annotated: false,
      },
      { what: 'a body of the full 1 MiB goes without it', bodyBytes: MAX_MESSAGE_BYTES, annotated: false },
      { what: 'a 256 KiB body keeps it', bodyBytes: 256 * 1024, annotated: true },
    ];
    for (const { what, bodyBytes, annotated } of CASES) {
      it(what, () => {
        // Prepare
        const record = sqsRecord('x'.repeat(bodyBytes));

        // Act
        const copy = deadLetterCopy(failureOf(record), false);

        // Assess
        expect(copy.annotated).to.equal(annotated);
        expect(FAILURE_ATTRIBUTE in copy.MessageAttributes).to.equal(annotated);
        expect(copy.noteOmitted).to.equal(annotated ? undefined : 'size');
        expect(copy.size).to.equal(messageSize(copy.MessageBody, copy.MessageAttributes));
        expect(copy.size).to.be.at.most(MAX_MESSAGE_BYTES);
      });
    }

    it('takes a smaller limit (a DLQ with a smaller MaximumMessageSize)', () => {
      // Prepare
      const record = sqsRecord('x'.repeat(1000));

      // Act
      const copy = deadLetterCopy(failureOf(record), false, 1024);

      // Assess
      expect(copy.annotated).to.equal(false);
      expect(copy.size).to.equal(1000);
    });

    it('says why a copy of a message with ten attributes goes without the note', () => {
      // Prepare
      const messageAttributes = Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`a${i}`, { dataType: 'String' as const, stringValue: String(i) }]),
      );

      // Act
      const copy = deadLetterCopy(failureOf(sqsRecord('{}', { messageAttributes })), false);

      // Assess
      expect(copy.noteOmitted).to.equal('attributeCount');
    });

    it('withoutNote drops the note and its bytes, and keeps the rest', () => {
      // Prepare
      const record = sqsRecord('{}', { messageAttributes: { tenant: { dataType: 'String', stringValue: 'acme' } } });
      const copy = deadLetterCopy(failureOf(record), true);

      // Act
      const bare = withoutNote(copy);

      // Assess
      expect(Object.keys(bare.MessageAttributes)).to.deep.equal(['tenant']);
      expect(bare.size).to.equal(messageSize('{}', bare.MessageAttributes));
      expect([bare.annotated, bare.noteOmitted]).to.deep.equal([false, 'size']);
      expect([bare.MessageGroupId, bare.MessageDeduplicationId]).to.deep.equal([
        copy.MessageGroupId,
        copy.MessageDeduplicationId,
      ]);
      expect(copy.MessageAttributes).to.have.property(FAILURE_ATTRIBUTE);
    });
  });

  it('reads the error for the note without throwing, whatever its getters do', () => {
    // Prepare
    const error = Object.defineProperties(new Error('boom'), {
      name: { get: () => unreadableField() },
      code: { get: () => unreadableField() },
    });

    // Act
    const copy = deadLetterCopy(failureOf(sqsRecord('{}'), error), false);

    // Assess
    expect(JSON.parse(copy.MessageAttributes[FAILURE_ATTRIBUTE]?.StringValue as string)).to.include({
      code: '[Unreadable]',
      message: 'boom',
    });
  });
});

function unreadableField(): never {
  throw new Error('this field cannot be read');
}
