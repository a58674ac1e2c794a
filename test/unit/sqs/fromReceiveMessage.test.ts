import type { Message } from '@aws-sdk/client-sqs';
import { InvalidOptionError } from 'batchkit';
import { fromReceiveMessage, sqsRecordFromMessage } from 'batchkit/testing';
import { expect } from 'chai';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo';

function received(overrides: Partial<Message> = {}): Message {
  return {
    MessageId: 'd3b2c4a0-0000-4000-8000-000000000001',
    ReceiptHandle: 'handle-1',
    MD5OfBody: '99914b932bd37a50b983c5e7c90ae93b',
    Body: '{}',
    Attributes: {
      ApproximateReceiveCount: '2',
      SentTimestamp: '1700000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1700000000100',
      MessageGroupId: 'g1',
      MessageDeduplicationId: 'dedup-1',
      SequenceNumber: '18849496460467696128',
    },
    ...overrides,
  };
}

describe('testing/fromReceiveMessage', () => {
  it('builds the record Lambda delivers: ids, body, attributes, ARN and region', () => {
    // Prepare
    const message = received({
      MD5OfMessageAttributes: 'abc',
      MessageAttributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) },
      },
    });

    // Act
    const record = sqsRecordFromMessage(message, { queueArn: QUEUE_ARN });

    // Assess
    expect(record).to.deep.equal({
      messageId: message.MessageId,
      receiptHandle: 'handle-1',
      body: '{}',
      attributes: message.Attributes,
      messageAttributes: {
        tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: message.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'eu-west-1',
    });
  });

  it('makes one event from a ReceiveMessage output (or an array of messages), in order', () => {
    // Prepare
    const messages = [received({ MessageId: 'a' }), received({ MessageId: 'b' })];

    // Act
    const fromOutput = fromReceiveMessage({ Messages: messages }, { queueArn: QUEUE_ARN });
    const fromArray = fromReceiveMessage(messages, { queueArn: QUEUE_ARN });
    const empty = fromReceiveMessage({}, { queueArn: QUEUE_ARN });

    // Assess
    expect(fromOutput.Records.map((r) => r.messageId)).to.deep.equal(['a', 'b']);
    expect(fromArray).to.deep.equal(fromOutput);
    expect(empty).to.deep.equal({ Records: [] });
  });

  it('refuses messages received without the attributes Lambda would deliver', () => {
    // Prepare
    const noSystemAttributes = received({ Attributes: undefined });
    const noMessageAttributes = received({ MD5OfMessageAttributes: 'abc' });

    // Act / Assess
    expect(() => sqsRecordFromMessage(noSystemAttributes, { queueArn: QUEUE_ARN })).to.throw(InvalidOptionError);
    expect(() => sqsRecordFromMessage(noMessageAttributes, { queueArn: QUEUE_ARN })).to.throw(InvalidOptionError);
    expect(() => sqsRecordFromMessage(received({ ReceiptHandle: undefined }), { queueArn: QUEUE_ARN })).to.throw(
      InvalidOptionError,
    );
  });
});
