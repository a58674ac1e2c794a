import type { SQSRecord } from 'aws-lambda';
import { type BatchRecord, EventType, RecordParseError, UnexpectedBatchTypeError } from 'batchkit';
import { kinesisEvent, lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { RecordContextImpl, runOf as runOfContext } from '../../../src/engine/recordContext';
import { dynamodbRecords, FIFO_ARN, kinesisRecords } from '../../support/records';
import { runOf } from './support';

describe('engine: the context of a record', () => {
  it('describes an SQS record: type, index, identifier, Lambda context, attempt and message group', () => {
    // Prepare
    const context = lambdaContext();
    const record = sqsRecord(
      {},
      { messageId: 'm-1', eventSourceARN: FIFO_ARN, attributes: { ApproximateReceiveCount: '4', MessageGroupId: 'g-9' } },
    );
    const run = runOf([record], EventType.SQS, { context });

    // Act
    const ctx = new RecordContextImpl(run, record, 0);

    // Assess
    expect([ctx.eventType, ctx.index, ctx.itemIdentifier, ctx.lambdaContext, ctx.attempt, ctx.messageGroupId]).to.deep.equal([
      EventType.SQS,
      0,
      'm-1',
      context,
      4,
      'g-9',
    ]);
    expect(ctx.problem).to.equal(undefined);
    expect(runOfContext(ctx)).to.equal(run);
  });

  it('flags a record of another source as a problem, keeping whatever identifier it has', () => {
    // Prepare
    const stray = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
    const run = runOf([stray], EventType.SQS);

    // Act
    const ctx = new RecordContextImpl(run, stray, 0);

    // Assess
    expect(ctx.problem).to.be.instanceOf(UnexpectedBatchTypeError);
    expect(ctx.eventType).to.equal(undefined);
    expect(ctx.itemIdentifier).to.equal((stray as { kinesis: { sequenceNumber: string } }).kinesis.sequenceNumber);
  });

  describe('the UnexpectedBatchTypeError of a record no source of the processor reads', () => {
    const kinesis = () => kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
    // The message names what the record says it is and what the processor takes.
    const cases: [string, BatchRecord, EventType | undefined, string][] = [
      ['a Kinesis record, SQS processor', kinesis(), EventType.SQS, 'Record has "aws:kinesis"; this processor handles aws:sqs.'],
      [
        'an unknown source, no processor source',
        { eventSource: 'aws:s3' } as unknown as BatchRecord,
        undefined,
        'Record has "aws:s3"; this processor handles aws:sqs, aws:kinesis or aws:dynamodb.',
      ],
      [
        'no eventSource',
        { messageId: 'm-1' } as unknown as BatchRecord,
        EventType.DynamoDBStreams,
        'Record has no eventSource; this processor handles aws:dynamodb.',
      ],
      [
        'an eventSource that is not a string',
        { eventSource: 42 } as unknown as BatchRecord,
        EventType.SQS,
        'Record has no eventSource; this processor handles aws:sqs.',
      ],
    ];
    for (const [name, record, eventType, message] of cases) {
      it(`names what the record has and what the processor handles: ${name}`, () => {
        // Prepare
        const run = runOf([record], eventType);

        // Act
        const [ctx] = run.contexts();

        // Assess
        expect(ctx?.problem).to.be.instanceOf(UnexpectedBatchTypeError);
        expect(ctx?.problem?.message).to.equal(message);
      });
    }
  });

  it('treats a non-string or empty messageId as no identifier', () => {
    // Prepare
    const records = ['', 42, null].map((messageId) => ({ ...sqsRecord({}), messageId }) as unknown as SQSRecord);
    const run = runOf(records, EventType.SQS);

    // Act
    const identifiers = run.contexts().map((ctx) => ctx.itemIdentifier);

    // Assess
    expect(identifiers).to.deep.equal([undefined, undefined, undefined]);
  });

  it('reads the ordering key only where ordering needs it (concurrent groups, or skip-group)', () => {
    // Prepare
    const records = kinesisRecords(['a', 'b']);
    const cases: [string, Parameters<typeof runOf>[2], (string | undefined)[]][] = [
      ['one at a time, stop', { onError: 'stop' }, [undefined, undefined]],
      ['concurrent groups', { concurrency: 2 }, ['a', 'b']],
      ["concurrent, ordering 'none'", { concurrency: 2, ordering: 'none' }, [undefined, undefined]],
      ['skip-group, one at a time', { onError: 'skip-group' }, ['a', 'b']],
      ["skip-group, ordering 'none'", { concurrency: 2, ordering: 'none', onError: 'skip-group' }, ['a', 'b']],
    ];

    // Act
    const keys = cases.map(([, options]) =>
      runOf(records, EventType.KinesisDataStreams, options)
        .contexts()
        .map((c) => c.orderingKey),
    );

    // Assess
    expect(keys).to.deep.equal(cases.map(([, , expected]) => expected));
  });

  it('gives a standard SQS record no ordering key, even with a MessageGroupId', () => {
    // Prepare
    const record = sqsRecord({}, { attributes: { MessageGroupId: 'g' } });
    const run = runOf([record], EventType.SQS, { onError: 'skip-group' });

    // Act
    const [ctx] = run.contexts();

    // Assess
    expect(ctx?.orderingKey).to.equal(undefined);
  });

  it('flags a record whose source fields cannot be read (DynamoDB Keys null) as a parse problem', () => {
    // Prepare
    const records = dynamodbRecords([{ pk: 'a' }]).map(
      (r) => ({ ...r, dynamodb: { ...r.dynamodb, Keys: null } }) as unknown as BatchRecord,
    );
    const run = runOf(records, EventType.DynamoDBStreams, { onError: 'skip-group' });

    // Act
    const [ctx] = run.contexts();

    // Assess
    expect(ctx?.problem).to.be.instanceOf(RecordParseError);
    expect(ctx?.problem?.message).to.include('malformed');
    expect((ctx?.problem as RecordParseError | undefined)?.cause).to.be.instanceOf(TypeError);
  });

  it('is not taken for an engine context when it is a plain object', () => {
    // Prepare
    const plain = {
      eventType: EventType.SQS,
      index: 0,
      itemIdentifier: 'a',
      lambdaContext: undefined,
      signal: new AbortController().signal,
    };

    // Act
    const run = runOfContext(plain);

    // Assess
    expect(run).to.equal(undefined);
  });
});
