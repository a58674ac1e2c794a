import type { DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { type BatchRecord, EventType } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { dynamodbSource } from '../../../src/sources/dynamodb.js';
import { kinesisSource } from '../../../src/sources/kinesis.js';
import { anyItemIdentifier, isEventType, sourceOfRecord, sourceOfType } from '../../../src/sources/registry.js';
import { sqsSource } from '../../../src/sources/sqs.js';

describe('sources/registry', () => {
  describe('sourceOfType', () => {
    it('maps every EventType to its source', () => {
      // Act
      const sources = [EventType.SQS, EventType.KinesisDataStreams, EventType.DynamoDBStreams].map(sourceOfType);

      // Assess
      expect(sources).to.deep.equal([sqsSource, kinesisSource, dynamodbSource]);
      expect(sources.map((source) => source.eventType)).to.deep.equal(['SQS', 'KinesisDataStreams', 'DynamoDBStreams']);
    });
  });

  describe('sourceOfRecord', () => {
    it("recognises each source by the record's eventSource", () => {
      // Prepare
      const records: BatchRecord[] = [
        sqsRecord({}),
        kinesisEvent([{}]).Records[0] as KinesisStreamRecord,
        dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'a' } }]).Records[0] as DynamoDBRecord,
      ];

      // Act
      const sources = records.map(sourceOfRecord);

      // Assess
      expect(sources).to.deep.equal([sqsSource, kinesisSource, dynamodbSource]);
    });

    for (const [label, record] of [
      ['an unknown eventSource', { ...sqsRecord({}), eventSource: 'aws:s3' }],
      ['no eventSource', { messageId: 'm-1' }],
      ['a non-string eventSource', { eventSource: 7 }],
      ['null', null],
      ['a string', 'aws:sqs'],
    ] as const) {
      it(`knows no source for ${label}`, () => {
        // Act
        const source = sourceOfRecord(record as unknown as BatchRecord);

        // Assess
        expect(source).to.equal(undefined);
      });
    }
  });

  describe('anyItemIdentifier', () => {
    it('reads the identifier of a record whatever source it claims', () => {
      // Prepare
      const sqs = { ...sqsRecord({}, { messageId: 'm-1' }), eventSource: 'aws:unknown' } as SQSRecord;
      const kinesis = { kinesis: { sequenceNumber: '4959' } } as unknown as BatchRecord;
      const dynamodb = { dynamodb: { SequenceNumber: '111' } } as unknown as BatchRecord;

      // Act
      const ids = [sqs, kinesis, dynamodb].map(anyItemIdentifier);

      // Assess
      expect(ids).to.deep.equal(['m-1', '4959', '111']);
    });

    for (const [label, record] of [
      ['null', null],
      ['a number', 5],
      ['an object without identifiers', { eventSource: 'aws:s3' }],
      ['empty identifiers', { messageId: '', kinesis: { sequenceNumber: '' }, dynamodb: { SequenceNumber: '' } }],
    ] as const) {
      it(`is undefined for ${label}`, () => {
        // Act
        const id = anyItemIdentifier(record as unknown as BatchRecord);

        // Assess
        expect(id).to.equal(undefined);
      });
    }
  });

  describe('isEventType', () => {
    it('accepts exactly the three EventType values', () => {
      // Prepare
      const candidates: unknown[] = [
        'SQS',
        'KinesisDataStreams',
        'DynamoDBStreams',
        'sqs',
        'aws:sqs',
        'toString',
        '__proto__',
        '',
        undefined,
        1,
      ];

      // Act
      const accepted = candidates.filter(isEventType);

      // Assess
      expect(accepted).to.deep.equal(['SQS', 'KinesisDataStreams', 'DynamoDBStreams']);
    });
  });
});
