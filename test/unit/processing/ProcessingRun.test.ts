import type { SQSRecord } from 'aws-lambda';
import {
  BatchProcessingError,
  type BatchRecord,
  EventType,
  MissingItemIdentifierError,
  type ProcessOptions,
  RecordParseError,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { kinesisEvent, lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { ProcessingRun, RecordContextImpl, runOf } from '../../../src/processing/ProcessingRun';
import { resolveRunSettings } from '../../../src/processing/runSettings';
import { thrownBy } from '../../support/errors';

/** A run of an SQS processor over these records, with a handler that is never called here. */
function sqsRun(records: readonly BatchRecord[], options: ProcessOptions = {}): ProcessingRun {
  const settings = resolveRunSettings(records, EventType.SQS, options, { fifo: 'auto' });
  return new ProcessingRun(records, () => expect.fail('the handler must not run'), settings, undefined);
}

/** The record contexts of a run, one per record. */
function contextsOf(run: ProcessingRun): RecordContextImpl[] {
  return run.records.map((record, index) => new RecordContextImpl(run, record, index));
}

describe('ProcessingRun', () => {
  describe('RecordContextImpl', () => {
    it('describes an SQS record: type, index, identifier, Lambda context, attempt and message group', () => {
      // Prepare
      const context = lambdaContext();
      const record = sqsRecord(
        {},
        {
          messageId: 'm-1',
          eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q.fifo',
          attributes: { ApproximateReceiveCount: '4', MessageGroupId: 'g-9' },
        },
      );
      const run = sqsRun([record], { context });

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
      expect(runOf(ctx)).to.equal(run);
    });

    it('flags a record of another source as a problem, keeping whatever identifier it has', () => {
      // Prepare
      const stray = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
      const run = sqsRun([stray]);

      // Act
      const ctx = new RecordContextImpl(run, stray, 0);

      // Assess
      expect(ctx.problem).to.be.instanceOf(UnexpectedBatchTypeError);
      expect(ctx.eventType).to.equal(undefined);
      expect(ctx.itemIdentifier).to.equal((stray as { kinesis: { sequenceNumber: string } }).kinesis.sequenceNumber);
    });

    it('treats a non-string or empty messageId as no identifier', () => {
      // Prepare
      const records = ['', 42, null].map((messageId) => ({ ...sqsRecord({}), messageId }) as unknown as SQSRecord);
      const run = sqsRun(records);

      // Act
      const identifiers = contextsOf(run).map((ctx) => ctx.itemIdentifier);

      // Assess
      expect(identifiers).to.deep.equal([undefined, undefined, undefined]);
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
      const run = runOf(plain);

      // Assess
      expect(run).to.equal(undefined);
    });
  });

  describe('outcomes', () => {
    it('settles a success tuple as a success and a fail tuple as a BatchProcessingError with its message', () => {
      // Prepare
      const records = ['a', 'b'].map((id) => sqsRecord({}, { messageId: id }));
      const run = sqsRun(records);
      const [a, b] = contextsOf(run) as [RecordContextImpl, RecordContextImpl];

      // Act
      run.settle(a, records[0] as BatchRecord, ['success', 'result a', records[0]]);
      run.settle(b, records[1] as BatchRecord, ['fail', 'b went wrong', records[1]]);

      // Assess
      const outcome = run.outcome();
      expect(outcome.successes.map((s) => [s.itemIdentifier, s.index, s.eventType, s.result])).to.deep.equal([
        ['a', 0, EventType.SQS, 'result a'],
      ]);
      expect(outcome.failures).to.have.length(1);
      expect(outcome.failures[0]?.error).to.be.instanceOf(BatchProcessingError);
      expect(outcome.failures[0]?.error.message).to.equal('b went wrong');
      expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    });

    it('settles anything that is not a result tuple as a failure, never a success', () => {
      // Prepare
      const values: unknown[] = [undefined, null, 'success', ['ok', 1], {}];
      const records = values.map((_, i) => sqsRecord({}, { messageId: `m-${i}` }));
      const run = sqsRun(records);

      // Act
      for (const ctx of contextsOf(run)) run.settle(ctx, records[ctx.index] as BatchRecord, values[ctx.index]);

      // Assess
      const outcome = run.outcome();
      expect(outcome.successes).to.deep.equal([]);
      expect(outcome.failures.map((f) => f.error instanceof BatchProcessingError)).to.deep.equal(values.map(() => true));
    });

    it('keeps the outcome already recorded when the tuple arrives later', () => {
      // Prepare
      const record = sqsRecord({}, { messageId: 'a' });
      const run = sqsRun([record]);
      const [ctx] = contextsOf(run) as [RecordContextImpl];
      const recorded = new Error('recorded by failureHandler');

      // Act
      run.fail(ctx, record, recorded);
      run.settle(ctx, record, ['success', 'late', record]);

      // Assess
      expect(run.outcome().failures.map((f) => f.error)).to.deep.equal([recorded]);
      expect(run.outcome().successes).to.deep.equal([]);
    });

    it('lets a failure replace a success of the same record, but not the other way round', () => {
      // Prepare
      const records = ['a', 'b'].map((id) => sqsRecord({}, { messageId: id }));
      const run = sqsRun(records);
      const [a, b] = contextsOf(run) as [RecordContextImpl, RecordContextImpl];

      // Act
      run.succeed(a, records[0] as BatchRecord, 'first');
      run.fail(a, records[0] as BatchRecord, new Error('success handler threw'));
      run.fail(b, records[1] as BatchRecord, new Error('failed'));
      const late = run.succeed(b, records[1] as BatchRecord, 'too late');

      // Assess
      expect(late).to.equal(undefined);
      expect(run.outcome().successes).to.deep.equal([]);
      expect(run.outcome().response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
    });

    it('derives retryable from the error: false only when the error says so', () => {
      // Prepare
      const errors = [new RecordParseError('bad json'), new Error('plain'), new BatchProcessingError('base')];
      const records = errors.map((_, i) => sqsRecord({}, { messageId: `m-${i}` }));
      const run = sqsRun(records);

      // Act
      for (const ctx of contextsOf(run)) run.fail(ctx, records[ctx.index] as BatchRecord, errors[ctx.index] as Error);

      // Assess
      expect(run.outcome().failures.map((f) => f.retryable)).to.deep.equal([false, true, true]);
    });

    it('lists outcomes in input order whatever order records settled in', () => {
      // Prepare
      const records = ['a', 'b', 'c', 'd'].map((id) => sqsRecord({}, { messageId: id }));
      const run = sqsRun(records);
      const contexts = contextsOf(run);

      // Act
      for (const i of [3, 1, 0, 2]) {
        const ctx = contexts[i] as RecordContextImpl;
        if (i % 2 === 1) run.fail(ctx, records[i] as BatchRecord, new Error(`e${i}`));
        else run.succeed(ctx, records[i] as BatchRecord, i);
      }

      // Assess
      const outcome = run.outcome();
      expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'd' }] });
      expect(outcome.successes.map((s) => s.index)).to.deep.equal([0, 2]);
      expect(run.results(outcome)).to.deep.equal([
        ['success', 0, records[0]],
        ['fail', 'e1', records[1]],
        ['success', 2, records[2]],
        ['fail', 'e3', records[3]],
      ]);
    });

    it('builds a fresh outcome on every call', () => {
      // Prepare
      const record = sqsRecord({}, { messageId: 'a' });
      const run = sqsRun([record]);
      run.fail(contextsOf(run)[0] as RecordContextImpl, record, new Error('x'));

      // Act
      const first = run.outcome();
      first.response.batchItemFailures.length = 0;
      const second = run.outcome();

      // Assess
      expect(second.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    });
  });

  describe('assertReportable', () => {
    it('throws MissingItemIdentifierError naming the first failed record without an identifier', () => {
      // Prepare
      const records = [
        sqsRecord({}, { messageId: 'a' }),
        { ...sqsRecord({}), messageId: '' } as SQSRecord,
        { ...sqsRecord({}), messageId: '' } as SQSRecord,
      ];
      const run = sqsRun(records);
      const contexts = contextsOf(run);
      run.succeed(contexts[0] as RecordContextImpl, records[0] as BatchRecord, 'ok');
      run.succeed(contexts[1] as RecordContextImpl, records[1] as BatchRecord, 'ok');
      run.fail(contexts[2] as RecordContextImpl, records[2] as BatchRecord, new Error('x'));

      // Act
      const thrown = thrownBy(() => run.assertReportable(run.outcome()));

      // Assess
      expect(thrown).to.be.instanceOf(MissingItemIdentifierError);
      expect((thrown as MissingItemIdentifierError).index).to.equal(2);
    });

    it('accepts an outcome whose failures all have identifiers', () => {
      // Prepare
      const records = [{ ...sqsRecord({}), messageId: '' } as SQSRecord, sqsRecord({}, { messageId: 'b' })];
      const run = sqsRun(records);
      const contexts = contextsOf(run);
      run.succeed(contexts[0] as RecordContextImpl, records[0] as BatchRecord, 'ok');
      run.fail(contexts[1] as RecordContextImpl, records[1] as BatchRecord, new Error('x'));

      // Act
      const check = () => run.assertReportable(run.outcome());

      // Assess
      expect(check).to.not.throw();
    });
  });
});
