import type { SQSRecord } from 'aws-lambda';
import {
  BatchProcessingError,
  EventType,
  MissingItemIdentifierError,
  RecordParseError,
  SqsFifoShortCircuitError,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import { thrownBy } from '../../support/errors';
import { standardRecords } from '../../support/records';
import { runOf } from './support';

/** A standard SQS run over records `m0`, `m1`, ... and its contexts. */
function sqsRun(count: number, overrides: Parameters<typeof runOf>[3] = {}) {
  const run = runOf(standardRecords(count), EventType.SQS, {}, overrides);
  return { run, contexts: run.contexts() as RecordContextImpl[] };
}

describe('engine: the outcome of a run', () => {
  it('records verdicts as successes and failures with identifier, index and source; the response names the failures', () => {
    // Prepare
    const { run, contexts } = sqsRun(2);
    const error = new Error('m1 went wrong');

    // Act
    run.record(contexts[0] as RecordContextImpl, { ok: true, result: 'result 0' });
    run.record(contexts[1] as RecordContextImpl, { ok: false, error, ran: true });

    // Assess
    const outcome = run.outcome();
    expect(outcome.successes.map((s) => [s.itemIdentifier, s.index, s.eventType, s.result])).to.deep.equal([
      ['m0', 0, EventType.SQS, 'result 0'],
    ]);
    expect(outcome.failures.map((f) => [f.itemIdentifier, f.index, f.eventType, f.error])).to.deep.equal([
      ['m1', 1, EventType.SQS, error],
    ]);
    expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });

  it('keeps the first outcome of a record: a later success or failure changes nothing', () => {
    // Prepare
    const { run, contexts } = sqsRun(2);
    const [a, b] = contexts as [RecordContextImpl, RecordContextImpl];
    const recorded = new Error('recorded first');

    // Act
    run.fail(a, recorded, true);
    run.succeed(a, 'late');
    run.succeed(b, 'first');
    run.fail(b, new Error('late'), true);

    // Assess
    expect(run.outcome().failures.map((f) => f.error)).to.deep.equal([recorded]);
    expect(run.outcome().successes.map((s) => s.result)).to.deep.equal(['first']);
  });

  it('lets only an extension revising outcomes after the run (afterRun) turn a success into a failure', () => {
    // Prepare
    const { run, contexts } = sqsRun(1);
    const [a] = contexts as [RecordContextImpl];
    const revised = new Error('revised');
    run.succeed(a, 'ok');

    // Act
    run.fail(a, revised, false, true);

    // Assess
    expect(run.outcome().successes).to.deep.equal([]);
    expect(run.outcome().failures.map((f) => f.error)).to.deep.equal([revised]);
  });

  it('drops outcomes that arrive after the run closed, except revisions after the run', () => {
    // Prepare
    const { run, contexts } = sqsRun(3);
    const [a, b, c] = contexts as [RecordContextImpl, RecordContextImpl, RecordContextImpl];
    run.close(new Error('deadline'));

    // Act
    run.succeed(a, 'late');
    run.fail(b, new Error('late'), true);
    run.fail(c, new Error('revised'), false, true);

    // Assess
    expect(run.closed).to.equal(true);
    expect(run.settled().map((s) => s.index)).to.deep.equal([2]);
  });

  describe('retryable', () => {
    const poison = (error: Error) => error.message === 'poison';
    /** A retryable error from the deployment (every record would fail the same way) that nonRetryable matches. */
    const configurationError = Object.assign(new Error('poison'), { configuration: true });
    const cases: [string, Error, boolean, boolean][] = [
      ['an error that says it is not retryable', new RecordParseError('bad json'), false, false],
      ['a plain error', new Error('plain'), true, true],
      ["batchkit's base error", new BatchProcessingError('base'), true, true],
      ["an error the extension's nonRetryable matches, thrown by the record's handler", new Error('poison'), true, false],
      ['an error nonRetryable matches, on a record that never ran', new Error('poison'), false, true],
      ['a configuration error nonRetryable matches', configurationError, true, true],
    ];
    for (const [name, error, ran, expected] of cases) {
      it(`is ${expected} for ${name}`, () => {
        // Prepare
        const { run, contexts } = sqsRun(1, { nonRetryable: poison });

        // Act
        run.fail(contexts[0] as RecordContextImpl, error, ran);

        // Assess
        expect(run.outcome().failures.map((f) => f.retryable)).to.deep.equal([expected]);
      });
    }
  });

  it('applies onError to each failure, except those an extension sets aside', () => {
    // Prepare
    const setAside = ({ error }: { error: Error }) => error.message === 'for the DLQ';
    const { run, contexts } = sqsRun(3, { onError: 'stop', setAside });
    const [a, b, c] = contexts as [RecordContextImpl, RecordContextImpl, RecordContextImpl];

    // Act
    run.fail(a, new Error('for the DLQ'), true);
    const afterSetAside = run.blocked(b);
    run.fail(b, new Error('real'), true);
    const afterReal = run.blocked(c);

    // Assess
    expect(afterSetAside).to.equal(undefined);
    expect(afterReal).to.be.instanceOf(SqsFifoShortCircuitError);
  });

  it('lists outcomes and results in input order whatever order records settled in', () => {
    // Prepare
    const { run, contexts } = sqsRun(4);
    const records = run.records;

    // Act
    for (const i of [3, 1, 0, 2]) {
      const ctx = contexts[i] as RecordContextImpl;
      if (i % 2 === 1) run.fail(ctx, new Error(`e${i}`), true);
      else run.succeed(ctx, i);
    }

    // Assess
    const outcome = run.outcome();
    expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] });
    expect(outcome.successes.map((s) => s.index)).to.deep.equal([0, 2]);
    expect(run.results()).to.deep.equal([
      ['success', 0, records[0]],
      ['fail', 'e1', records[1]],
      ['success', 2, records[2]],
      ['fail', 'e3', records[3]],
    ]);
  });

  it('builds a fresh outcome on every call: changing one changes neither the run nor the next', () => {
    // Prepare
    const { run, contexts } = sqsRun(1);
    run.fail(contexts[0] as RecordContextImpl, new Error('x'), true);

    // Act
    const first = run.outcome();
    first.response.batchItemFailures.length = 0;
    Object.assign(first.failures[0] as object, { handled: true, itemIdentifier: 'other' });
    const second = run.view.outcome();

    // Assess
    expect(second.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(second.failures[0]?.handled).to.equal(undefined);
  });

  describe('amendments after the records', () => {
    it('markHandled keeps a failure but leaves it out of the response; note only annotates', () => {
      // Prepare
      const { run, contexts } = sqsRun(2);
      for (const ctx of contexts) run.fail(ctx, new Error('x'), true);

      // Act
      run.amendments.markHandled(0, { sentToDlq: true });
      run.amendments.note(1, { sentToDlq: false });
      run.amendments.markHandled(5); // no such record: nothing happens

      // Assess
      const outcome = run.outcome();
      expect(outcome.failures.map((f) => [f.handled, f.sentToDlq])).to.deep.equal([
        [true, true],
        [undefined, false],
      ]);
      expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    });
  });

  describe('assertReportable', () => {
    const unnamed = () => ({ ...sqsRecord({}), messageId: '' }) as SQSRecord;

    it('throws MissingItemIdentifierError naming the first failed record without an identifier', () => {
      // Prepare
      const run = runOf([sqsRecord({}, { messageId: 'a' }), unnamed(), unnamed()], EventType.SQS);
      const [a, b, c] = run.contexts() as [RecordContextImpl, RecordContextImpl, RecordContextImpl];
      run.succeed(a, 'ok');
      run.succeed(b, 'ok');
      run.fail(c, new Error('x'), true);

      // Act
      const thrown = thrownBy(() => run.assertReportable());

      // Assess
      expect(thrown).to.be.instanceOf(MissingItemIdentifierError);
      expect((thrown as MissingItemIdentifierError).index).to.equal(2);
    });

    it('accepts failures that all have identifiers, and handled failures without one', () => {
      // Prepare
      const run = runOf([unnamed(), sqsRecord({}, { messageId: 'b' }), unnamed()], EventType.SQS);
      const [a, b, c] = run.contexts() as [RecordContextImpl, RecordContextImpl, RecordContextImpl];
      run.succeed(a, 'ok');
      run.fail(b, new Error('x'), true);
      run.fail(c, new Error('moved to the DLQ'), true);
      run.amendments.markHandled(2);

      // Act
      const check = () => run.assertReportable();

      // Assess
      expect(check).to.not.throw();
    });
  });
});
