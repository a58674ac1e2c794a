// The exact RecordParseError message of each way a payload fails to decode: it names the part of the record that is
// wrong (SQS body, Kinesis data, DynamoDB image) and, for a nested key or attribute, its dotted path from the top,
// never the payload's content. The message is what an operator reads in the logs, so every word is asserted.
import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { InvalidOptionError, RecordParseError, unmarshallValue } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { dynamodbSource } from '../../../src/sources/dynamodb.js';
import { kinesisSource } from '../../../src/sources/kinesis.js';
import { checkMaxDepth } from '../../../src/sources/limits.js';
import { sqsSource } from '../../../src/sources/sqs.js';
import { thrownBy } from '../../support/errors';

function sqsWithBody(body: unknown): SQSRecord {
  return { ...sqsRecord({}), body } as unknown as SQSRecord;
}

function kinesisWithData(data: unknown): KinesisStreamRecord {
  const record = kinesisEvent([{}]).Records[0] as KinesisStreamRecord;
  return { ...record, kinesis: { ...record.kinesis, data } } as unknown as KinesisStreamRecord;
}

function dynamodbWith(stream: unknown): DynamoDBRecord {
  const record = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'u#1' } }]).Records[0] as DynamoDBRecord;
  return { ...record, dynamodb: stream } as DynamoDBRecord;
}

const utf8Base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const PROTO_NESTED = '{"a":{"b":[{"ok":1},{"__proto__":{"polluted":true}}]}}';

/** [what fails, the call, the exact message]. */
const CASES: [string, () => unknown, string][] = [
  ['an SQS record without a body', () => sqsSource.payload(sqsWithBody(undefined)), 'SQS body is missing.'],
  ['an SQS body that is a number', () => sqsSource.payload(sqsWithBody(5)), 'SQS body is missing.'],
  ['an SQS body that is not JSON', () => sqsSource.payload(sqsWithBody('{"id":')), 'SQS body is not valid JSON.'],
  ['an SQS body of JSON null', () => sqsSource.payload(sqsWithBody('null')), 'SQS body must be a JSON object, got null.'],
  ['an SQS body of a JSON array', () => sqsSource.payload(sqsWithBody('[{}]')), 'SQS body must be a JSON object, got an array.'],
  ['an SQS body of a JSON string', () => sqsSource.payload(sqsWithBody('"x"')), 'SQS body must be a JSON object, got string.'],
  [
    'an SQS body with a top-level constructor key',
    () => sqsSource.payload(sqsWithBody('{"constructor":{"prototype":{}}}')),
    'SQS body holds the forbidden key "constructor", which could pollute a prototype.',
  ],
  [
    'an SQS body with __proto__ nested in objects and an array',
    () => sqsSource.payload(sqsWithBody(PROTO_NESTED)),
    'SQS body holds the forbidden key "a.b.1.__proto__", which could pollute a prototype.',
  ],
  [
    'an SQS body nested deeper than maxDepth',
    () => sqsSource.payload(sqsWithBody('{"a":{"b":{"c":1}}}'), { maxDepth: 2 }),
    'SQS body is nested more than 2 levels deep (the maxDepth option).',
  ],
  [
    'Kinesis data that is not base64',
    () => kinesisSource.payload(kinesisWithData('not base64!')),
    'Kinesis data is not valid base64.',
  ],
  ['Kinesis data that is not a string', () => kinesisSource.payload(kinesisWithData(42)), 'Kinesis data is not valid base64.'],
  [
    'Kinesis data that is not UTF-8',
    () => kinesisSource.payload(kinesisWithData(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'))),
    'Kinesis data is not valid UTF-8.',
  ],
  [
    'Kinesis data that is not JSON',
    () => kinesisSource.payload(kinesisWithData(utf8Base64('{'))),
    'Kinesis data is not valid JSON.',
  ],
  [
    'Kinesis data with a nested prototype key',
    () => kinesisSource.payload(kinesisWithData(utf8Base64('{"x":[[{"prototype":1}]]}'))),
    'Kinesis data holds the forbidden key "x.0.0.prototype", which could pollute a prototype.',
  ],
  [
    'a DynamoDB record with neither images nor keys',
    () => dynamodbSource.payload(dynamodbWith({ SequenceNumber: '1' })),
    'DynamoDB record has no NewImage, OldImage or Keys.',
  ],
  [
    'a DynamoDB NewImage that is a string',
    () => dynamodbSource.payload(dynamodbWith({ NewImage: 'pk' })),
    'DynamoDB image must be a JSON object, got string.',
  ],
  [
    'a DynamoDB image with a __proto__ map key',
    () => dynamodbSource.payload(dynamodbWith({ NewImage: JSON.parse('{"pk":{"S":"u"},"a":{"M":{"__proto__":{"M":{}}}}}') })),
    'DynamoDB image holds the forbidden key "a.__proto__", which could pollute a prototype.',
  ],
  [
    'a DynamoDB image with an invalid attribute inside a list inside a map',
    () =>
      dynamodbSource.payload(dynamodbWith({ NewImage: { pk: { S: 'u' }, a: { M: { b: { L: [{ S: 'x' }, { N: 'x' }] } } } } })),
    'DynamoDB attribute "a.b.1" is not a valid AttributeValue.',
  ],
  [
    'a DynamoDB image with a map inside a list nested deeper than maxDepth',
    () => dynamodbSource.payload(dynamodbWith({ NewImage: { a: { L: [{ S: 'x' }, { M: {} }] } } }), { maxDepth: 2 }),
    'DynamoDB attribute "a.1" is nested more than 2 levels deep (the maxDepth option).',
  ],
  [
    'an AttributeValue of unknown type, under the default name',
    () => unmarshallValue({ X: '1' } as unknown as AttributeValue),
    'DynamoDB attribute "value" is not a valid AttributeValue.',
  ],
  [
    'an invalid number deep in a named AttributeValue',
    () => unmarshallValue({ L: [{ M: { a: { N: 'x' } } }] }, 'image'),
    'DynamoDB attribute "image.0.a" is not a valid AttributeValue.',
  ],
  [
    'an AttributeValue nested deeper than maxDepth',
    () => unmarshallValue({ L: [{ L: [] }] }, 'v', { maxDepth: 1 }),
    'DynamoDB attribute "v.0" is nested more than 1 levels deep (the maxDepth option).',
  ],
];

describe('sources: the message of each RecordParseError', () => {
  for (const [label, act, message] of CASES) {
    it(`says exactly what is wrong with ${label}`, () => {
      // Act
      const error = thrownBy(act);

      // Assess
      expect(error).to.be.instanceOf(RecordParseError);
      expect((error as RecordParseError).code).to.equal('RECORD_PARSE_FAILED');
      expect((error as Error).message).to.equal(message);
    });
  }

  it('says which option is wrong and what it must be when maxDepth is refused', () => {
    // Act
    const error = thrownBy(() => checkMaxDepth(0));

    // Assess
    expect(error).to.be.instanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).to.equal('maxDepth');
    expect((error as Error).message).to.equal('Option "maxDepth" must be a whole number of at least 1; got 0.');
  });
});
