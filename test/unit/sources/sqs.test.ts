import type { SQSRecord } from 'aws-lambda';
import { EventType, type RecordContext, RecordParseError } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { isFifoRecord, sqsSource } from '../../../src/sources/sqs.js';
import { thrownBy } from '../../support/errors';

function emptyContext(): RecordContext {
  return {
    eventType: EventType.SQS,
    index: 0,
    itemIdentifier: undefined,
    lambdaContext: undefined,
    signal: new AbortController().signal,
  };
}

describe('sources/sqs', () => {
  it('names the SQS event type and source', () => {
    // Assess
    expect(sqsSource.eventType).to.equal(EventType.SQS);
    expect(sqsSource.sourceName).to.equal('aws:sqs');
  });

  describe('itemIdentifier', () => {
    it('is the messageId', () => {
      // Prepare
      const record = sqsRecord({ id: 'o-1' }, { messageId: 'm-123' });

      // Act
      const id = sqsSource.itemIdentifier(record);

      // Assess
      expect(id).to.equal('m-123');
    });

    for (const [label, messageId] of [
      ['empty', ''],
      ['a number', 42],
      ['null', null],
      ['missing', undefined],
    ] as const) {
      it(`is undefined when the messageId is ${label}`, () => {
        // Prepare
        const record = { ...sqsRecord({}), messageId } as unknown as SQSRecord;

        // Act
        const id = sqsSource.itemIdentifier(record);

        // Assess
        expect(id).to.equal(undefined);
      });
    }
  });

  describe('payload', () => {
    it('parses a JSON object body', () => {
      // Prepare
      const record = sqsRecord({ id: 'o-1', items: [{ qty: 2 }], note: null });

      // Act
      const payload = sqsSource.payload(record);

      // Assess
      expect(payload).to.deep.equal({ id: 'o-1', items: [{ qty: 2 }], note: null });
    });

    for (const [label, body] of [
      ['malformed JSON', '{"id":'],
      ['plain text', 'hello'],
      ['an empty body', ''],
      ['a JSON array', '[1,2]'],
      ['a JSON string', '"text"'],
      ['a JSON number', '12'],
      ['JSON null', 'null'],
      ['a JSON boolean', 'true'],
    ] as const) {
      it(`rejects ${label} with RecordParseError`, () => {
        // Prepare
        const record = sqsRecord(body);

        // Act
        const act = () => sqsSource.payload(record);

        // Assess
        expect(act).to.throw(RecordParseError).with.property('code', 'RECORD_PARSE_FAILED');
      });
    }

    it('rejects a missing body with RecordParseError', () => {
      // Prepare
      const record = { ...sqsRecord({}), body: undefined } as unknown as SQSRecord;

      // Act
      const act = () => sqsSource.payload(record);

      // Assess
      expect(act).to.throw(RecordParseError).with.property('code', 'RECORD_PARSE_FAILED');
    });

    it('rejects a body with a __proto__ key and pollutes nothing', () => {
      // Prepare
      const record = sqsRecord('{"id":"o-1","__proto__":{"polluted":true}}');

      // Act
      const act = () => sqsSource.payload(record);

      // Assess
      expect(act).to.throw(RecordParseError);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('marks its parse errors as not retryable', () => {
      // Prepare
      const record = sqsRecord('nope');

      // Act
      const caught = thrownBy(() => sqsSource.payload(record));

      // Assess
      expect(caught).to.be.instanceOf(RecordParseError);
      expect((caught as RecordParseError).retryable).to.equal(false);
    });
  });

  describe('orderingKey', () => {
    it('is the MessageGroupId of a FIFO record', () => {
      // Prepare
      const record = sqsRecord(
        {},
        { eventSourceARN: 'arn:aws:sqs:eu-west-1:1:orders.fifo', attributes: { MessageGroupId: 'c-7' } },
      );

      // Act
      const key = sqsSource.orderingKey(record);

      // Assess
      expect(key).to.equal('c-7');
    });

    it('is undefined for a standard queue record', () => {
      // Prepare
      const record = sqsRecord({});

      // Act
      const key = sqsSource.orderingKey(record);

      // Assess
      expect(key).to.equal(undefined);
    });

    it('is undefined when the MessageGroupId is empty', () => {
      // Prepare
      const record = sqsRecord({}, { attributes: { MessageGroupId: '' } });

      // Act
      const key = sqsSource.orderingKey(record);

      // Assess
      expect(key).to.equal(undefined);
    });
  });

  describe('describe', () => {
    it('adds the attempt from ApproximateReceiveCount and the message group', () => {
      // Prepare
      const record = sqsRecord(
        {},
        { eventSourceARN: 'arn:aws:sqs:us-east-1:1:q.fifo', attributes: { ApproximateReceiveCount: '3', MessageGroupId: 'g-1' } },
      );
      const context = emptyContext();

      // Act
      sqsSource.describe(record, context);

      // Assess
      expect(context.attempt).to.equal(3);
      expect(context.messageGroupId).to.equal('g-1');
    });

    it('reports attempt 1 on a first delivery and no group on a standard queue', () => {
      // Prepare
      const record = sqsRecord({});
      const context = emptyContext();

      // Act
      sqsSource.describe(record, context);

      // Assess
      expect(context.attempt).to.equal(1);
      expect(context).to.not.have.property('messageGroupId');
    });

    for (const count of ['0', '-1', '1.5', 'abc', '']) {
      it(`leaves attempt out when ApproximateReceiveCount is "${count}"`, () => {
        // Prepare
        const record = sqsRecord({}, { attributes: { ApproximateReceiveCount: count } });
        const context = emptyContext();

        // Act
        sqsSource.describe(record, context);

        // Assess
        expect(context).to.not.have.property('attempt');
      });
    }

    it('copes with a record that has no attributes', () => {
      // Prepare
      const record = { ...sqsRecord({}), attributes: undefined } as unknown as SQSRecord;
      const context = emptyContext();

      // Act
      sqsSource.describe(record, context);

      // Assess
      expect(context).to.not.have.property('attempt');
      expect(context).to.not.have.property('messageGroupId');
    });
  });

  describe('isFifoRecord', () => {
    it('is true for an ARN ending in .fifo and false otherwise', () => {
      // Prepare
      const fifo = sqsRecord({}, { eventSourceARN: 'arn:aws:sqs:us-east-1:1:orders.fifo' });
      const standard = sqsRecord({}, { eventSourceARN: 'arn:aws:sqs:us-east-1:1:orders-fifo' });
      const noArn = { ...sqsRecord({}), eventSourceARN: undefined } as unknown as SQSRecord;

      // Act
      const results = [fifo, standard, noArn].map(isFifoRecord);

      // Assess
      expect(results).to.deep.equal([true, false, false]);
    });
  });
});
