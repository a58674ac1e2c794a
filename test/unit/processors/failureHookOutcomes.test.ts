// An overridden failureHandler is told about a failure; whatever it returns, throws or rejects, the record stays failed
// with its own error. Only a hook that went wrong is logged as a hook error: one that returns its tuple, or (in an
// async processor) resolves, is not; one that rejects, or returns a promise to a synchronous processor, is.
import type { SQSRecord } from 'aws-lambda';
import { BatchProcessor, BatchProcessorSync, type BatchRecord, EventType } from 'batchkit';
import { expect } from 'chai';
import { capturingLogger } from '../../support/logger';
import { standardRecords } from '../../support/records';
import { delay, settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

const HOOK_THREW = 'A record hook threw; the record outcome is unchanged';

/** What the override does after calling super: what it returns (or throws). */
type Body = (tuple: unknown) => unknown;

/** Each failureHandler, the processor it runs in, and the hook errors logged for the one failed record. */
const HOOKS: [what: string, sync: boolean, body: Body, logged: [errorName: string, errorMessage: string][]][] = [
  ['returns its tuple (BatchProcessorSync)', true, (tuple) => tuple, []],
  ['returns its tuple (BatchProcessor)', false, (tuple) => tuple, []],
  [
    'is async and resolves (BatchProcessor)',
    false,
    async (tuple) => {
      await delay(1);
      return tuple;
    },
    [],
  ],
  [
    'is async and rejects (BatchProcessor)',
    false,
    async () => {
      await delay(1);
      throw new Error('could not record the failure');
    },
    [['Error', 'could not record the failure']],
  ],
  [
    'throws (BatchProcessorSync)',
    true,
    () => {
      throw new Error('could not record the failure');
    },
    [['Error', 'could not record the failure']],
  ],
  [
    'returns a promise (BatchProcessorSync)',
    true,
    (tuple) => Promise.resolve(tuple),
    [['AsyncHandlerError', 'failureHandler returned a Promise in a synchronous processor.']],
  ],
];

describe('processors: an overridden failureHandler', () => {
  for (const [what, sync, body, logged] of HOOKS) {
    it(`that ${what} leaves the record failed with its own error and logs ${logged.length} hook error(s)`, async () => {
      // Prepare
      const watch = watchUnhandledRejections();
      const own = new RangeError('m1 rejected');
      const logger = capturingLogger();
      const Base = sync ? BatchProcessorSync : BatchProcessor;
      class Notified extends Base {
        override failureHandler(record: BatchRecord, error: Error) {
          return body(super.failureHandler(record, error)) as never;
        }
      }
      const processor = new Notified(EventType.SQS, { logger });
      const invoker = await processor.invokerFor((record: SQSRecord) => {
        if (record.messageId === 'm1') throw own;
        return 'ok';
      });

      // Act
      const { outcome } = sync
        ? processor.executeSync(standardRecords(2), invoker as never)
        : await processor.execute(standardRecords(2), invoker);
      await settleEventLoop();
      watch.stop();

      // Assess
      expect(outcome.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
      expect(outcome.failures.map((f) => f.error)).to.deep.equal([own]);
      expect(processor.errors).to.deep.equal([own]);
      const hookErrors = logger.entries.filter((e) => e.message === HOOK_THREW);
      expect(hookErrors.map((e) => [e.details?.itemIdentifier, e.details?.errorName, e.details?.errorMessage])).to.deep.equal(
        logged.map(([name, message]) => ['m1', name, message]),
      );
      expect(watch.reasons).to.deep.equal([]);
    });
  }
});
