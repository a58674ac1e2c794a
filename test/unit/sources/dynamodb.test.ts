import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { EventType, type RecordContext, RecordParseError } from 'batchkit';
import { dynamodbStreamEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { canonicalKey, dynamodbSource } from '../../../src/sources/dynamodb.js';

type StreamRecord = NonNullable<DynamoDBRecord['dynamodb']>;

function recordWith(stream: StreamRecord): DynamoDBRecord {
  const record = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'u#1' } }]).Records[0] as DynamoDBRecord;
  return { ...record, dynamodb: stream };
}

describe('sources/dynamodb', () => {
  it('names the DynamoDB Streams event type and source', () => {
    // Assess
    expect(dynamodbSource.eventType).to.equal(EventType.DynamoDBStreams);
    expect(dynamodbSource.sourceName).to.equal('aws:dynamodb');
  });

  describe('itemIdentifier', () => {
    it('is dynamodb.SequenceNumber', () => {
      // Prepare
      const record = recordWith({ SequenceNumber: '111000000000000000042', Keys: { pk: { S: 'u#1' } } });

      // Act
      const id = dynamodbSource.itemIdentifier(record);

      // Assess
      expect(id).to.equal('111000000000000000042');
    });

    for (const [label, sequenceNumber] of [
      ['empty', ''],
      ['a number', 111],
      ['null', null],
      ['missing', undefined],
    ] as const) {
      it(`is undefined when the SequenceNumber is ${label}`, () => {
        // Prepare
        const record = recordWith({ SequenceNumber: sequenceNumber } as unknown as StreamRecord);

        // Act
        const id = dynamodbSource.itemIdentifier(record);

        // Assess
        expect(id).to.equal(undefined);
      });
    }

    it('is undefined when the record has no dynamodb section', () => {
      // Prepare
      const record = { eventSource: 'aws:dynamodb' } as DynamoDBRecord;

      // Act
      const id = dynamodbSource.itemIdentifier(record);

      // Assess
      expect(id).to.equal(undefined);
    });
  });

  describe('payload', () => {
    const keys = { pk: { S: 'u#1' } };
    const newImage = { pk: { S: 'u#1' }, email: { S: 'new@example.com' }, age: { N: '31' } };
    const oldImage = { pk: { S: 'u#1' }, email: { S: 'old@example.com' }, age: { N: '30' } };

    it('is the unmarshalled NewImage when there is one', () => {
      // Prepare
      const record = recordWith({ Keys: keys, NewImage: newImage, OldImage: oldImage });

      // Act
      const payload = dynamodbSource.payload(record);

      // Assess
      expect(payload).to.deep.equal({ pk: 'u#1', email: 'new@example.com', age: 31 });
    });

    it('is the OldImage when there is no NewImage (a REMOVE)', () => {
      // Prepare
      const record = recordWith({ Keys: keys, OldImage: oldImage });

      // Act
      const payload = dynamodbSource.payload(record);

      // Assess
      expect(payload).to.deep.equal({ pk: 'u#1', email: 'old@example.com', age: 30 });
    });

    it('is the Keys when there is no image (KEYS_ONLY)', () => {
      // Prepare
      const record = recordWith({ Keys: { pk: { S: 'u#1' }, sk: { N: '7' } } });

      // Act
      const payload = dynamodbSource.payload(record);

      // Assess
      expect(payload).to.deep.equal({ pk: 'u#1', sk: 7 });
    });

    it('rejects a record with neither images nor keys', () => {
      // Prepare
      const record = recordWith({ SequenceNumber: '1' });

      // Act
      const act = () => dynamodbSource.payload(record);

      // Assess
      expect(act).to.throw(RecordParseError).with.property('code', 'RECORD_PARSE_FAILED');
    });

    it('rejects a record without a dynamodb section', () => {
      // Prepare
      const record = { eventSource: 'aws:dynamodb' } as DynamoDBRecord;

      // Act
      const act = () => dynamodbSource.payload(record);

      // Assess
      expect(act).to.throw(RecordParseError);
    });

    for (const [label, image] of [
      ['an array', [{ S: 'x' }]],
      ['a string', 'pk'],
      ['null', null],
    ] as const) {
      it(`rejects a NewImage that is ${label}`, () => {
        // Prepare
        const record = recordWith({ NewImage: image as unknown as Record<string, AttributeValue> });

        // Act
        const act = () => dynamodbSource.payload(record);

        // Assess
        expect(act).to.throw(RecordParseError);
      });
    }

    it('rejects an image holding an invalid AttributeValue', () => {
      // Prepare
      const record = recordWith({ NewImage: { pk: { S: 'u#1' }, bad: { X: '1' } as unknown as AttributeValue } });

      // Act
      const act = () => dynamodbSource.payload(record);

      // Assess
      expect(act).to.throw(RecordParseError).with.property('code', 'RECORD_PARSE_FAILED');
    });

    for (const [label, image] of [
      ['a top-level __proto__ attribute', JSON.parse('{"pk":{"S":"u"},"__proto__":{"M":{"polluted":{"BOOL":true}}}}')],
      ['a constructor attribute', { pk: { S: 'u' }, constructor: { M: { prototype: { M: { polluted: { BOOL: true } } } } } }],
      ['a nested __proto__ map key', JSON.parse('{"pk":{"S":"u"},"a":{"M":{"__proto__":{"M":{"polluted":{"BOOL":true}}}}}}')],
      ['a prototype key inside a list', { pk: { S: 'u' }, a: { L: [{ M: { prototype: { S: 'x' } } }] } }],
    ] as const) {
      it(`rejects an image with ${label} and pollutes nothing`, () => {
        // Prepare
        const record = recordWith({ NewImage: image as Record<string, AttributeValue> });

        // Act
        const act = () => dynamodbSource.payload(record);

        // Assess
        expect(act).to.throw(RecordParseError);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      });
    }
  });

  describe('orderingKey and canonicalKey', () => {
    it('gives the same key for the same keys in any attribute order', () => {
      // Prepare
      const a = recordWith({ Keys: { pk: { S: 'u#1' }, sk: { N: '5' } } });
      const b = recordWith({ Keys: { sk: { N: '5' }, pk: { S: 'u#1' } } });

      // Act
      const [keyA, keyB] = [dynamodbSource.orderingKey(a), dynamodbSource.orderingKey(b)];

      // Assess
      expect(keyA).to.be.a('string');
      expect(keyA).to.equal(keyB);
    });

    it('gives different keys for different key values, names or types', () => {
      // Prepare
      const variants: Record<string, AttributeValue>[] = [
        { pk: { S: 'u#1' } },
        { pk: { S: 'u#2' } },
        { id: { S: 'u#1' } },
        { pk: { N: '1' } },
        { pk: { S: '1' } },
        { pk: { S: 'u#1' }, sk: { S: 'a' } },
      ];

      // Act
      const keys = variants.map(canonicalKey);

      // Assess
      expect(new Set(keys).size).to.equal(variants.length);
    });

    it('does not confuse attribute names with values that contain separators', () => {
      // Prepare
      const a: Record<string, AttributeValue> = { a: { S: 'b,c' } };
      const b: Record<string, AttributeValue> = { 'a,b': { S: 'c' } };

      // Act
      const [keyA, keyB] = [canonicalKey(a), canonicalKey(b)];

      // Assess
      expect(keyA).to.not.equal(keyB);
    });

    it('is undefined without Keys', () => {
      // Prepare
      const record = recordWith({ NewImage: { pk: { S: 'u#1' } } });

      // Act
      const key = dynamodbSource.orderingKey(record);

      // Assess
      expect(key).to.equal(undefined);
    });
  });

  describe('describe', () => {
    it('adds no SQS fields to the record context', () => {
      // Prepare
      const record = recordWith({ Keys: { pk: { S: 'u#1' } } });
      const context: RecordContext = {
        eventType: EventType.DynamoDBStreams,
        index: 2,
        itemIdentifier: 'x',
        lambdaContext: undefined,
        signal: new AbortController().signal,
      };
      const before = { ...context };

      // Act
      dynamodbSource.describe(record, context);

      // Assess
      expect(context).to.deep.equal(before);
      expect(context).to.not.have.any.keys('attempt', 'messageGroupId');
    });
  });
});
