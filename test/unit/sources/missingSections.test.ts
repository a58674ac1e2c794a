// A hand-built or mangled record can lack its source's section (`attributes` on SQS, `kinesis`, `dynamodb`). Reading
// it must never throw a TypeError: the ordering key is then undefined (the record runs unordered), and the payload
// fails the record with the RecordParseError that says what is missing (an SQS body sits outside `attributes`).
import { RecordParseError } from 'batchkit';
import { expect } from 'chai';
import { dynamodbSource } from '../../../src/sources/dynamodb.js';
import type { EventSource } from '../../../src/sources/EventSource.js';
import { kinesisSource } from '../../../src/sources/kinesis.js';
import { sqsSource } from '../../../src/sources/sqs.js';
import { thrownBy } from '../../support/errors';

const SQS_RECORD = { eventSource: 'aws:sqs', messageId: 'm-1', body: '{"id":"o-1"}' };
const KINESIS_RECORD = { eventSource: 'aws:kinesis' };
const DYNAMODB_RECORD = { eventSource: 'aws:dynamodb' };

/** [source, its record without the section]. */
const SOURCES: [string, EventSource, object][] = [
  ['SQS', sqsSource as EventSource, SQS_RECORD],
  ['Kinesis', kinesisSource as EventSource, KINESIS_RECORD],
  ['DynamoDB', dynamodbSource as EventSource, DYNAMODB_RECORD],
];

/** [source, its record without the section, the payload's RecordParseError message]. */
const UNREADABLE: [string, EventSource, object, string][] = [
  ['Kinesis', kinesisSource as EventSource, KINESIS_RECORD, 'Kinesis data is not valid base64.'],
  ['DynamoDB', dynamodbSource as EventSource, DYNAMODB_RECORD, 'DynamoDB record has no NewImage, OldImage or Keys.'],
];

describe('sources: records without their source section', () => {
  for (const [label, source, record] of SOURCES) {
    it(`gives a ${label} record no ordering key`, () => {
      // Act
      const key = source.orderingKey(record as never);

      // Assess
      expect(key).to.equal(undefined);
    });
  }

  for (const [label, source, record, message] of UNREADABLE) {
    it(`fails the payload of a ${label} record with RecordParseError, not a TypeError`, () => {
      // Act
      const error = thrownBy(() => source.payload(record as never));

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as Error).message).to.equal(message);
    });
  }

  it('still reads the body of an SQS record without attributes', () => {
    // Act
    const payload = sqsSource.payload(SQS_RECORD as never);

    // Assess
    expect(payload).to.deep.equal({ id: 'o-1' });
  });
});
