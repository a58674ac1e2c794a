import { createHash } from 'node:crypto';
import { sqsEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('testing/sqs', () => {
  describe('sqsRecord', () => {
    it('builds a complete standard-queue record with a JSON body', () => {
      // Prepare
      const before = Date.now();

      // Act
      const record = sqsRecord({ id: 'o-1', qty: 2 });

      // Assess
      expect(record.body).to.equal('{"id":"o-1","qty":2}');
      expect(record.messageId).to.match(UUID);
      expect(record.receiptHandle).to.be.a('string').and.not.equal('');
      expect(record.md5OfBody).to.equal(md5(record.body));
      expect(record.eventSource).to.equal('aws:sqs');
      expect(record.eventSourceARN).to.equal('arn:aws:sqs:us-east-1:123456789012:batchkit-queue');
      expect(record.awsRegion).to.equal('us-east-1');
      expect(record.messageAttributes).to.deep.equal({});
      expect(record.attributes.ApproximateReceiveCount).to.equal('1');
      expect(record.attributes.SenderId).to.be.a('string');
      expect(Number(record.attributes.SentTimestamp)).to.be.within(before, Date.now());
      expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).to.be.at.least(Number(record.attributes.SentTimestamp));
      expect(record.attributes).to.not.have.any.keys('MessageGroupId', 'SequenceNumber', 'MessageDeduplicationId');
    });

    it('keeps a string body as it is and hashes it', () => {
      // Act
      const record = sqsRecord('not json \u00e9');

      // Assess
      expect(record.body).to.equal('not json \u00e9');
      expect(record.md5OfBody).to.equal(md5('not json \u00e9'));
    });

    it('gives every record its own UUID message id', () => {
      // Act
      const ids = Array.from({ length: 50 }, () => sqsRecord({}).messageId);

      // Assess
      expect(new Set(ids).size).to.equal(50);
      for (const id of ids) expect(id).to.match(UUID);
    });

    it('applies overrides and merges attributes over the generated ones', () => {
      // Act
      const record = sqsRecord(
        { id: 'x' },
        {
          messageId: 'm-1',
          messageAttributes: { trace: { dataType: 'String', stringValue: 't-1' } },
          attributes: { ApproximateReceiveCount: '4' },
        },
      );

      // Assess
      expect(record.messageId).to.equal('m-1');
      expect(record.messageAttributes).to.deep.equal({ trace: { dataType: 'String', stringValue: 't-1' } });
      expect(record.attributes.ApproximateReceiveCount).to.equal('4');
      expect(record.attributes.SenderId).to.be.a('string');
      expect(record.attributes.SentTimestamp).to.match(/^\d+$/);
    });

    it('derives the region from an overridden ARN', () => {
      // Act
      const record = sqsRecord({}, { eventSourceARN: 'arn:aws:sqs:eu-central-1:210987654321:orders' });

      // Assess
      expect(record.eventSourceARN).to.equal('arn:aws:sqs:eu-central-1:210987654321:orders');
      expect(record.awsRegion).to.equal('eu-central-1');
    });

    it('adds FIFO attributes for a .fifo ARN, with increasing sequence numbers', () => {
      // Prepare
      const arn = 'arn:aws:sqs:us-west-2:123456789012:orders.fifo';

      // Act
      const first = sqsRecord({}, { eventSourceARN: arn });
      const second = sqsRecord({}, { eventSourceARN: arn, attributes: { MessageGroupId: 'customer-7' } });

      // Assess
      expect(first.attributes.MessageGroupId).to.equal('group-1');
      expect(second.attributes.MessageGroupId).to.equal('customer-7');
      expect(first.attributes.MessageDeduplicationId).to.be.a('string').and.not.equal('');
      expect(first.attributes.MessageDeduplicationId).to.not.equal(second.attributes.MessageDeduplicationId);
      expect(BigInt(second.attributes.SequenceNumber as string) > BigInt(first.attributes.SequenceNumber as string)).to.equal(
        true,
      );
      expect(first.awsRegion).to.equal('us-west-2');
    });
  });

  describe('sqsEvent', () => {
    it('makes one record per body, in order', () => {
      // Act
      const event = sqsEvent([{ id: 'a' }, 'raw', { id: 'c' }]);

      // Assess
      expect(event.Records.map((r) => r.body)).to.deep.equal(['{"id":"a"}', 'raw', '{"id":"c"}']);
      expect(event.Records.map((r) => r.md5OfBody)).to.deep.equal(event.Records.map((r) => md5(r.body)));
      expect(new Set(event.Records.map((r) => r.messageId)).size).to.equal(3);
    });

    it('makes an empty event for no bodies', () => {
      // Act
      const event = sqsEvent([]);

      // Assess
      expect(event).to.deep.equal({ Records: [] });
    });

    it('makes a FIFO batch: .fifo ARN, the given group on every record, increasing sequence numbers', () => {
      // Act
      const event = sqsEvent([{ n: 1 }, { n: 2 }, { n: 3 }], { fifo: true, groupId: 'customer-7' });

      // Assess
      const arns = new Set(event.Records.map((r) => r.eventSourceARN));
      expect([...arns]).to.deep.equal(['arn:aws:sqs:us-east-1:123456789012:batchkit-queue.fifo']);
      expect(event.Records.map((r) => r.attributes.MessageGroupId)).to.deep.equal(['customer-7', 'customer-7', 'customer-7']);
      const sequence = event.Records.map((r) => BigInt(r.attributes.SequenceNumber as string));
      expect(sequence[0] < (sequence[1] as bigint) && (sequence[1] as bigint) < (sequence[2] as bigint)).to.equal(true);
    });

    it('defaults the FIFO group to group-1', () => {
      // Act
      const event = sqsEvent([{}], { fifo: true });

      // Assess
      expect(event.Records[0]?.attributes.MessageGroupId).to.equal('group-1');
    });

    it('treats a .fifo queue ARN as FIFO and keeps region and ARN in agreement', () => {
      // Act
      const event = sqsEvent([{}, {}], { queueArn: 'arn:aws:sqs:ap-southeast-2:999999999999:jobs.fifo' });

      // Assess
      for (const record of event.Records) {
        expect(record.eventSourceARN).to.equal('arn:aws:sqs:ap-southeast-2:999999999999:jobs.fifo');
        expect(record.awsRegion).to.equal('ap-southeast-2');
        expect(record.attributes.MessageGroupId).to.equal('group-1');
      }
    });

    it('does not add .fifo twice and keeps a standard ARN standard', () => {
      // Act
      const fifo = sqsEvent([{}], { fifo: true, queueArn: 'arn:aws:sqs:eu-west-1:1:q.fifo' });
      const standard = sqsEvent([{}], { queueArn: 'arn:aws:sqs:eu-west-1:1:q' });

      // Assess
      expect(fifo.Records[0]?.eventSourceARN).to.equal('arn:aws:sqs:eu-west-1:1:q.fifo');
      expect(standard.Records[0]?.eventSourceARN).to.equal('arn:aws:sqs:eu-west-1:1:q');
      expect(standard.Records[0]?.attributes).to.not.have.property('MessageGroupId');
      expect(standard.Records[0]?.awsRegion).to.equal('eu-west-1');
    });
  });
});
