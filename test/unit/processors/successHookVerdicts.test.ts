// What an overridden successHandler returns decides the record: a 'fail' tuple fails it, a 'success' tuple for the
// record sets its result, anything else leaves the handler's result. The same whether the hook returns the value or
// (in an async processor) a promise of it. A failure that comes from the hook counts as one whose handler ran.
import type { SQSRecord } from 'aws-lambda';
import {
  AsyncHandlerError,
  BatchProcessingError,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  type RunExtension,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { standardRecords } from '../../support/records';
import { settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

/** Counts every error as non-retryable when the record's handler ran, so `retryable` shows whether it did. */
const everyErrorIsPoison: RunExtension = { name: 'every error is poison', settings: () => ({ nonRetryable: () => true }) };

type Hook = (record: BatchRecord, result: unknown) => unknown;

/** How the hook's value reaches the processor. */
const DELIVERIES: [how: string, sync: boolean, deliver: (value: unknown) => unknown][] = [
  ['BatchProcessorSync, returned', true, (value) => value],
  ['BatchProcessor, returned', false, (value) => value],
  ['BatchProcessor, resolved by a promise', false, (value) => Promise.resolve(value)],
];

/** The record's outcome: ['success', result] or ['fail', error class, message, retryable]. */
type Expected = ['success', unknown] | ['fail', abstract new (...args: never[]) => Error, string, boolean];

const refusal = new RangeError('refused by the hook');

/** What the hook returns (given the record and the handler's result 'handled'), and the record's outcome. */
const RETURNS: [what: string, returns: Hook, expected: Expected][] = [
  ['nothing', () => undefined, ['success', 'handled']],
  ["['success', result, record]", (record) => ['success', 'changed', record], ['success', 'changed']],
  ["['success', result, another record]", () => ['success', 'changed', sqsRecord({})], ['success', 'handled']],
  ["['done', result, record] (not a tuple)", (record) => ['done', 'changed', record], ['success', 'handled']],
  [
    "['fail', message, record]",
    (record) => ['fail', 'not this one', record],
    ['fail', BatchProcessingError, 'not this one', false],
  ],
  ["['fail', error, record]", (record) => ['fail', refusal, record], ['fail', RangeError, 'refused by the hook', false]],
  [
    "['fail', 42, record] (no message)",
    (record) => ['fail', 42, record],
    ['fail', BatchProcessingError, 'processRecord reported a failure.', false],
  ],
];

/** A processor whose successHandler returns what `hook` gives, delivered by `deliver`. */
function processorWith(sync: boolean, hook: Hook, deliver: (value: unknown) => unknown) {
  const Base = sync ? BatchProcessorSync : BatchProcessor;
  class Hooked extends Base {
    override successHandler(record: BatchRecord, result: unknown) {
      return deliver(hook(record, result)) as never;
    }
  }
  return new Hooked(EventType.SQS, { logger: silentLogger, extensions: [everyErrorIsPoison] });
}

/** Runs the records with a handler that returns 'handled'; returns the run's outcome. */
async function outcomeOf(processor: BatchProcessor, sync: boolean, records: readonly SQSRecord[]) {
  const invoker = (await processor.invokerFor(() => 'handled')) as never;
  const options = { throwOnFullBatchFailure: false };
  return (sync ? processor.executeSync(records, invoker, options) : await processor.execute(records, invoker, options)).outcome;
}

/** The outcome of the one record, in the shape of {@link Expected}. */
function verdictOf(outcome: Awaited<ReturnType<typeof outcomeOf>>): unknown[] {
  const [success] = outcome.successes;
  if (success !== undefined) return ['success', success.result];
  const [failure] = outcome.failures;
  return ['fail', failure?.error.constructor, failure?.error.message, failure?.retryable];
}

describe("processors: what an overridden successHandler's return does to its record", () => {
  for (const [how, sync, deliver] of DELIVERIES) {
    for (const [what, returns, expected] of RETURNS) {
      it(`${how}: ${what} gives ${expected.slice(0, 2).map(String).join(' ')}`, async () => {
        // Prepare
        const processor = processorWith(sync, returns, deliver);

        // Act
        const outcome = await outcomeOf(processor, sync, standardRecords(1));

        // Assess
        expect(verdictOf(outcome)).to.deep.equal(expected);
      });
    }
  }

  for (const [how, sync] of DELIVERIES.slice(0, 2)) {
    it(`${how}: a successHandler that throws fails its record with that error, as one whose handler ran`, async () => {
      // Prepare
      const processor = processorWith(
        sync,
        () => {
          throw refusal;
        },
        (value) => value,
      );

      // Act
      const outcome = await outcomeOf(processor, sync, standardRecords(1));

      // Assess
      expect(outcome.failures.map((f) => [f.error, f.retryable])).to.deep.equal([[refusal, false]]);
    });
  }

  it('BatchProcessorSync: a successHandler that returns a promise fails its record with AsyncHandlerError saying so', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    const processor = processorWith(
      true,
      () => Promise.reject(new Error('late')),
      (value) => value,
    );

    // Act
    const outcome = await outcomeOf(processor, true, standardRecords(1));
    await settleEventLoop();
    watch.stop();

    // Assess
    const error = outcome.failures[0]?.error;
    expect(error).to.be.instanceOf(AsyncHandlerError);
    expect(error?.message).to.equal('successHandler returned a Promise in a synchronous processor.');
    expect(watch.reasons).to.deep.equal([]);
  });
});
