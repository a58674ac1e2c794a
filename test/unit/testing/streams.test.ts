import type { DynamoDBRecord } from 'aws-lambda';
import { unmarshallItem } from 'batchkit';
import { dynamodbStreamEvent, kinesisEvent } from 'batchkit/testing';
import { expect } from 'chai';

describe('testing/streams', () => {
  describe('kinesisEvent', () => {
    it('base64-encodes each payload as UTF-8 JSON, strings as they are', () => {
      // Prepare
      const payloads = [{ page: '/caf\u00e9', n: [1, 2] }, 'plain \ud83d\ude00 text', 42];

      // Act
      const event = kinesisEvent(payloads);

      // Assess
      const decoded = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));
      expect(decoded).to.deep.equal(['{"page":"/caf\u00e9","n":[1,2]}', 'plain \ud83d\ude00 text', '42']);
      expect(JSON.parse(decoded[0] as string)).to.deep.equal(payloads[0]);
    });

    it('gives increasing 56-digit sequence numbers that match the eventID', () => {
      // Act
      const event = kinesisEvent([{}, {}, {}, {}]);

      // Assess
      const sequence = event.Records.map((r) => r.kinesis.sequenceNumber);
      for (const [i, record] of event.Records.entries()) {
        expect(record.kinesis.sequenceNumber).to.match(/^\d{56}$/);
        expect(record.eventID).to.equal(`shardId-000000000000:${record.kinesis.sequenceNumber}`);
        if (i > 0) expect(BigInt(sequence[i] as string) > BigInt(sequence[i - 1] as string)).to.equal(true);
      }
      expect(new Set(sequence).size).to.equal(4);
    });

    it('keeps sequence numbers increasing across calls, so two events share no identifier', () => {
      // Act
      const first = kinesisEvent([{}, {}]);
      const second = kinesisEvent([{}, {}]);

      // Assess
      const sequence = [...first.Records, ...second.Records].map((r) => r.kinesis.sequenceNumber);
      for (let i = 1; i < sequence.length; i++)
        expect(BigInt(sequence[i] as string) > BigInt(sequence[i - 1] as string)).to.equal(true);
      expect(sequence.every((id) => /^\d{56}$/.test(id))).to.equal(true);
      expect(second.Records.map((r) => r.eventID)).to.deep.equal(
        second.Records.map((r) => `shardId-000000000000:${r.kinesis.sequenceNumber}`),
      );
    });

    it('fills every record field of a real Kinesis event', () => {
      // Act
      const [record] = kinesisEvent([{ a: 1 }]).Records;

      // Assess
      expect(record?.eventSource).to.equal('aws:kinesis');
      expect(record?.eventName).to.equal('aws:kinesis:record');
      expect(record?.eventVersion).to.equal('1.0');
      expect(record?.awsRegion).to.equal('us-east-1');
      expect(record?.eventSourceARN).to.match(/^arn:aws:kinesis:us-east-1:\d{12}:stream\//);
      expect(record?.invokeIdentityArn).to.match(/^arn:aws:iam::\d{12}:role\//);
      expect(record?.kinesis.kinesisSchemaVersion).to.equal('1.0');
      expect(record?.kinesis.approximateArrivalTimestamp).to.be.closeTo(Date.now() / 1000, 60);
    });

    it('uses one partition key per record by default, or the given one for all', () => {
      // Act
      const own = kinesisEvent([{}, {}]);
      const shared = kinesisEvent([{}, {}], { partitionKey: 'user-1' });

      // Assess
      const ownKeys = own.Records.map((r) => r.kinesis.partitionKey);
      expect(new Set(ownKeys).size).to.equal(2);
      expect(shared.Records.map((r) => r.kinesis.partitionKey)).to.deep.equal(['user-1', 'user-1']);
    });

    it('makes an empty event for no payloads', () => {
      // Act
      const event = kinesisEvent([]);

      // Assess
      expect(event).to.deep.equal({ Records: [] });
    });
  });

  describe('dynamodbStreamEvent', () => {
    it('marshalls keys and images so that unmarshallItem gives them back', () => {
      // Prepare
      const keys = { pk: 'u#1', sk: 7 };
      const newImage = {
        pk: 'u#1',
        sk: 7,
        email: 'ada@example.com',
        active: true,
        deletedAt: null,
        tags: new Set(['a', 'b']),
        scores: new Set([1, 2.5]),
        avatar: new Uint8Array([1, 2, 3]),
        blobs: new Set([new Uint8Array([4]), new Uint8Array([5, 6])]),
        profile: { name: 'Ada', address: { city: 'London' }, langs: ['en', 'fr'] },
        history: [1, 'two', { three: 3 }, [false]],
      };
      const oldImage = { pk: 'u#1', sk: 7, email: 'old@example.com' };

      // Act
      const [record] = dynamodbStreamEvent([{ eventName: 'MODIFY', keys, newImage, oldImage }]).Records;

      // Assess
      const stream = (record as DynamoDBRecord).dynamodb;
      expect(unmarshallItem(stream?.Keys ?? {})).to.deep.equal(keys);
      expect(unmarshallItem(stream?.NewImage ?? {})).to.deep.equal(newImage);
      expect(unmarshallItem(stream?.OldImage ?? {})).to.deep.equal(oldImage);
      expect(stream?.NewImage?.avatar).to.deep.equal({ B: 'AQID' });
    });

    it('chooses the StreamViewType from the images present', () => {
      // Act
      const event = dynamodbStreamEvent([
        { eventName: 'MODIFY', keys: { pk: 'a' }, newImage: { pk: 'a', v: 2 }, oldImage: { pk: 'a', v: 1 } },
        { eventName: 'INSERT', keys: { pk: 'b' }, newImage: { pk: 'b' } },
        { eventName: 'REMOVE', keys: { pk: 'c' }, oldImage: { pk: 'c' } },
        { eventName: 'REMOVE', keys: { pk: 'd' } },
      ]);

      // Assess
      expect(event.Records.map((r) => r.dynamodb?.StreamViewType)).to.deep.equal([
        'NEW_AND_OLD_IMAGES',
        'NEW_IMAGE',
        'OLD_IMAGE',
        'KEYS_ONLY',
      ]);
      expect(event.Records.map((r) => [r.dynamodb?.NewImage !== undefined, r.dynamodb?.OldImage !== undefined])).to.deep.equal([
        [true, true],
        [true, false],
        [false, true],
        [false, false],
      ]);
      expect(event.Records.map((r) => r.eventName)).to.deep.equal(['MODIFY', 'INSERT', 'REMOVE', 'REMOVE']);
    });

    it('gives increasing sequence numbers and unique event ids', () => {
      // Act
      const event = dynamodbStreamEvent(
        Array.from({ length: 5 }, (_, i) => ({ eventName: 'INSERT' as const, keys: { pk: `k${i}` } })),
      );

      // Assess
      const sequence = event.Records.map((r) => BigInt(r.dynamodb?.SequenceNumber as string));
      for (let i = 1; i < sequence.length; i++) expect((sequence[i] as bigint) > (sequence[i - 1] as bigint)).to.equal(true);
      expect(event.Records.map((r) => r.dynamodb?.SequenceNumber)).to.satisfy((ids: string[]) =>
        ids.every((id) => /^\d+$/.test(id)),
      );
      expect(new Set(event.Records.map((r) => r.eventID)).size).to.equal(5);
    });

    it('keeps sequence numbers increasing across calls, so two events share no identifier', () => {
      // Prepare
      const change = { eventName: 'INSERT' as const, keys: { pk: 'a' } };

      // Act
      const first = dynamodbStreamEvent([change, change]);
      const second = dynamodbStreamEvent([change, change]);

      // Assess
      const sequence = [...first.Records, ...second.Records].map((r) => BigInt(r.dynamodb?.SequenceNumber as string));
      for (let i = 1; i < sequence.length; i++) expect((sequence[i] as bigint) > (sequence[i - 1] as bigint)).to.equal(true);
    });

    it('fills the record fields of a real DynamoDB Streams event', () => {
      // Act
      const [record] = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'a' }, newImage: { pk: 'a' } }]).Records;

      // Assess
      expect(record?.eventSource).to.equal('aws:dynamodb');
      expect(record?.eventVersion).to.equal('1.1');
      expect(record?.awsRegion).to.equal('us-east-1');
      expect(record?.eventSourceARN).to.match(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/[^/]+\/stream\//);
      expect(record?.dynamodb?.ApproximateCreationDateTime).to.be.closeTo(Date.now() / 1000, 60);
      expect(record?.dynamodb?.SizeBytes).to.be.a('number');
    });

    it('can carry a hostile __proto__ attribute as data, for parse tests', () => {
      // Prepare
      const newImage = JSON.parse('{"pk":"a","__proto__":{"polluted":true}}') as Record<string, unknown>;

      // Act
      const [record] = dynamodbStreamEvent([{ eventName: 'INSERT', keys: { pk: 'a' }, newImage }]).Records;

      // Assess
      const image = record?.dynamodb?.NewImage as object;
      expect(Object.getPrototypeOf(image)).to.equal(Object.prototype);
      expect(Object.keys(image)).to.deep.equal(['pk', '__proto__']);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });
});
