// How a custom processRecord (processRecordSync in a synchronous processor) fails its record: the error it throws or
// reports, the one the default failureHandler was given (a Powertools port returns only its message), or a typed
// error saying what went wrong. A failure counts as one whose handler ran only when `this.handler` was called, so
// `retryable` (with every error listed as non-retryable) shows whether it did.
import {
  AsyncHandlerError,
  BatchProcessingError,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  type ProcessResult,
  type RunExtension,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { standardRecords } from '../../support/records';
import { settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

/** Counts every error as non-retryable when the record's handler ran. */
const everyErrorIsPoison: RunExtension = { name: 'every error is poison', settings: () => ({ nonRetryable: () => true }) };

/** What the step may call on its processor. */
interface Step {
  handler(record: BatchRecord): unknown;
  failureHandler(record: BatchRecord, error: Error): ProcessResult;
}

/** The record handler's own error (it fails every record). */
const broke = new RangeError('handler broke');
const thrown = new TypeError('step broke');

/** Each step, whether it runs in a synchronous processor, and the failure: [error class, message, retryable]. */
const STEPS: [what: string, sync: boolean, step: (self: Step, record: BatchRecord) => unknown, failure: unknown[]][] = [
  [
    'throws before calling this.handler',
    true,
    () => {
      throw thrown;
    },
    [TypeError, 'step broke', true],
  ],
  ['lets the error of this.handler through', true, (self, record) => self.handler(record), [RangeError, 'handler broke', false]],
  [
    'returns failureHandler’s tuple (Powertools port)',
    false,
    async (self, record) => {
      try {
        return ['success', await self.handler(record), record];
      } catch (error) {
        return self.failureHandler(record, error as Error);
      }
    },
    [RangeError, 'handler broke', false],
  ],
  [
    'returns failureHandler’s tuple synchronously (Powertools port)',
    true,
    (self, record) => {
      try {
        return ['success', self.handler(record), record];
      } catch (error) {
        return self.failureHandler(record, error as Error);
      }
    },
    [RangeError, 'handler broke', false],
  ],
  [
    "returns ['fail', message, record] without running the handler",
    false,
    async (_, r) => ['fail', 'no', r],
    [BatchProcessingError, 'no', true],
  ],
  [
    "returns ['ok', 1] (not a result tuple)",
    false,
    async () => ['ok', 1],
    [
      BatchProcessingError,
      "processRecord returned no result: return ['success', result, record] or ['fail', error, record].",
      true,
    ],
  ],
  [
    'calls this.handler with a copy of its record',
    false,
    async (self, record) => self.handler({ ...record }),
    [BatchProcessingError, 'this.handler(record) was called with a record that is not in this invocation.', true],
  ],
  [
    'returns a promise to a synchronous processor',
    true,
    async (self, record) => self.handler(record),
    [AsyncHandlerError, 'processRecord returned a Promise in a synchronous processor.', true],
  ],
];

describe('processors: how a custom processRecord fails its record', () => {
  for (const [what, sync, step, failure] of STEPS) {
    it(`a step that ${what} fails it with ${(failure[0] as { name: string }).name}: "${failure[1]}"`, async () => {
      // Prepare
      const watch = watchUnhandledRejections();
      const options = { logger: silentLogger, extensions: [everyErrorIsPoison] };
      class Custom extends BatchProcessor {
        override processRecord(record: BatchRecord) {
          return step(this, record) as Promise<ProcessResult>;
        }
      }
      class CustomSync extends BatchProcessorSync {
        override processRecordSync(record: BatchRecord) {
          return step(this, record) as ProcessResult;
        }
      }
      const processor = sync ? new CustomSync(EventType.SQS, options) : new Custom(EventType.SQS, options);
      const invoker = await processor.invokerFor(() => {
        throw broke;
      });
      const records = standardRecords(1);

      // Act
      const { outcome } = sync
        ? processor.executeSync(records, invoker as never, { throwOnFullBatchFailure: false })
        : await processor.execute(records, invoker, { throwOnFullBatchFailure: false });
      await settleEventLoop();
      watch.stop();

      // Assess
      expect(outcome.failures.map((f) => [f.error.constructor, f.error.message, f.retryable])).to.deep.equal([failure]);
      expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
      expect(watch.reasons).to.deep.equal([]);
    });
  }
});
