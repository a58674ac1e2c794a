// A synchronous custom processor written the Powertools way: its processRecordSync wraps super.processRecordSync,
// which runs the record handler, then successHandler or failureHandler, and returns their tuple. It treats every
// handler as the default step of BatchProcessorSync does: a throw fails the record with that error, a promise fails it
// with AsyncHandlerError (the promise's rejection silenced), both as records whose handler ran.
import type { SQSRecord } from 'aws-lambda';
import {
  AsyncHandlerError,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  type ProcessResult,
  type RecordContext,
  type RunExtension,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { standardRecords } from '../../support/records';
import { settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

/** Counts every error as non-retryable when the record's handler ran, so `retryable` shows whether it did. */
const everyErrorIsPoison: RunExtension = { name: 'every error is poison', settings: () => ({ nonRetryable: () => true }) };

/** A processRecordSync that wraps super, and notes the tuples it returned and the hooks it reached. */
class Tracing extends BatchProcessorSync {
  readonly trace: string[] = [];

  override processRecordSync(record: BatchRecord, context?: RecordContext): ProcessResult {
    const tuple = super.processRecordSync(record, context);
    this.trace.push(`${tuple[0]} ${(record as SQSRecord).messageId}`);
    return tuple;
  }

  override successHandler(record: BatchRecord, result: unknown) {
    this.trace.push('successHandler');
    return super.successHandler(record, result);
  }

  override failureHandler(record: BatchRecord, error: Error) {
    this.trace.push(`failureHandler ${error.constructor.name}`);
    return super.failureHandler(record, error);
  }
}

const thrown = new RangeError('m0 rejected');

/** Each handler, and m0's outcome: ['success', result] or ['fail', error class, message, retryable]. */
const HANDLERS: [what: string, handler: () => unknown, outcome: unknown[], trace: string[]][] = [
  ['returns a value', () => 'saved', ['success', 'saved'], ['successHandler', 'success m0']],
  [
    'throws',
    () => {
      throw thrown;
    },
    ['fail', RangeError, 'm0 rejected', false],
    ['failureHandler RangeError', 'fail m0'],
  ],
  [
    'returns a promise that rejects',
    () => Promise.reject(new Error('async handler')),
    [
      'fail',
      AsyncHandlerError,
      'The record handler returned a Promise, but this processor is synchronous: use BatchProcessor and processPartialResponse.',
      false,
    ],
    ['failureHandler AsyncHandlerError', 'fail m0'],
  ],
];

describe('a synchronous custom processor whose processRecordSync calls super', () => {
  for (const [what, handler, expected, trace] of HANDLERS) {
    it(`when the handler ${what}: ${expected.slice(0, 2).map(String).join(' ')}, through the hooks`, async () => {
      // Prepare
      const watch = watchUnhandledRejections();
      const processor = new Tracing(EventType.SQS, { logger: silentLogger, extensions: [everyErrorIsPoison] });
      const records = standardRecords(1);

      // Act
      const { outcome } = processor.executeSync(records, processor.invokerFor(handler), { throwOnFullBatchFailure: false });
      await settleEventLoop();
      watch.stop();

      // Assess
      const [success] = outcome.successes;
      const [failure] = outcome.failures;
      expect(
        success !== undefined
          ? ['success', success.result]
          : ['fail', failure?.error.constructor, failure?.error.message, failure?.retryable],
      ).to.deep.equal(expected);
      expect(processor.trace).to.deep.equal(trace);
      expect([processor.successMessages, processor.failureMessages]).to.deep.equal(
        expected[0] === 'success' ? [records, []] : [[], records],
      );
      expect(processor.errors).to.deep.equal(failure === undefined ? [] : [failure.error]);
      expect(watch.reasons).to.deep.equal([]);
    });
  }

  it('fails a promise-returning handler as the default step does: AsyncHandlerError, as a record whose handler ran', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger, extensions: [everyErrorIsPoison] });

    // Act
    const { outcome } = processor.executeSync(
      standardRecords(1),
      processor.invokerFor(() => Promise.reject(new Error('async handler'))),
      { throwOnFullBatchFailure: false },
    );
    await settleEventLoop();
    watch.stop();

    // Assess
    expect(outcome.failures.map((f) => [f.error.constructor, f.retryable])).to.deep.equal([[AsyncHandlerError, false]]);
    expect(watch.reasons).to.deep.equal([]);
  });
});
