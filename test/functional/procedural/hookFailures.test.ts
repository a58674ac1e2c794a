// User code around the records that throws or rejects: custom processors' extension points, handler classes' hooks
// and bodies, loggers. Each either fails its record, is logged, or rejects the invocation with a typed HookError;
// none leaves an unhandled rejection behind or turns a failure into a success.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  AsyncHandlerError,
  BasePartialProcessor,
  BatchHandler,
  type BatchLogger,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  HookError,
  type HookName,
  type ProcessResult,
  processPartialResponse,
  processPartialResponseSync,
  RecordHandler,
  silentLogger,
} from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../../support/errors';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

function batch(...ids: string[]) {
  return { Records: ids.map((messageId) => sqsRecord({}, { messageId })) };
}

function failBad(record: SQSRecord): string {
  if (record.messageId.includes('bad')) throw new Error(`${record.messageId} rejected`);
  return 'ok';
}

/** Collects error lines, so a test can see that a hook's error was logged. */
function recordingLogger(): BatchLogger & { errors: string[] } {
  const errors: string[] = [];
  return { ...silentLogger, errors, error: (message) => errors.push(message) };
}

/** Ways user code fails: throwing, or an async function that rejects, with an Error or with a bare string. */
const FAILURES: { how: string; fail: (value: unknown) => unknown }[] = [
  {
    how: 'throws an Error',
    fail: () => {
      throw new Error('hook broke');
    },
  },
  {
    how: 'throws a string',
    fail: () => {
      throw 'hook broke';
    },
  },
  {
    how: 'rejects with an Error',
    fail: async () => {
      await delay(1);
      throw new Error('hook broke');
    },
  },
  {
    how: 'rejects with a string',
    fail: () => Promise.reject('hook broke'),
  },
];

describe('user code around the records that fails', () => {
  let watcher: ReturnType<typeof watchUnhandledRejections>;
  beforeEach(() => {
    watcher = watchUnhandledRejections();
  });
  afterEach(async () => {
    await delay(5);
    watcher.stop();
    expect(watcher.reasons, 'unhandled rejections').to.deep.equal([]);
  });

  for (const { how, fail } of FAILURES) {
    describe(`when it ${how}`, () => {
      for (const hook of ['prepare', 'clean'] as const) {
        it(`rejects the invocation with HookError('${hook}') carrying the original as cause`, async () => {
          // Prepare
          class Failing extends BasePartialProcessor {
            override prepare() {
              if (hook === 'prepare') return fail(undefined) as never;
            }
            override clean() {
              if (hook === 'clean') return fail(undefined) as never;
            }
          }
          const processor = new Failing(EventType.SQS, { logger: silentLogger });

          // Act
          const error = await rejectionOf(processPartialResponse(batch('a-1'), failBad, processor));

          // Assess
          expect(error).to.be.instanceOf(HookError);
          expect(error).to.include({ code: 'HOOK_FAILED', hook });
          const cause = (error as HookError).cause;
          expect(cause instanceof Error ? cause.message : cause).to.equal('hook broke');
        });
      }

      it('fails the record with the error when an overridden successHandler fails', async () => {
        // Prepare
        const seen: string[] = [];
        class Failing extends BatchProcessor {
          override successHandler(record: BatchRecord, result: unknown) {
            const value = fail(result);
            if (value instanceof Promise) return value as never;
            return super.successHandler(record, result);
          }
          override failureHandler(record: BatchRecord, error: Error) {
            seen.push((record as SQSRecord).messageId);
            return super.failureHandler(record, error);
          }
        }
        const processor = new Failing(EventType.SQS, { logger: silentLogger });

        // Act
        const response = await processPartialResponse(batch('a-1', 'a-bad'), failBad, processor, {
          throwOnFullBatchFailure: false,
        });

        // Assess
        expect(response).to.deep.equal(failuresOf('a-1', 'a-bad'));
        expect(seen).to.have.members(['a-1', 'a-bad']);
      });

      it('keeps the record failed, and logs, when an overridden failureHandler fails', async () => {
        // Prepare
        const logger = recordingLogger();
        class Failing extends BatchProcessor {
          override failureHandler(_record: BatchRecord, error: Error) {
            return fail(error) as never;
          }
        }
        const processor = new Failing(EventType.SQS, { logger });

        // Act
        const response = await processPartialResponse(batch('a-1', 'a-bad'), failBad, processor);

        // Assess
        expect(response).to.deep.equal(failuresOf('a-bad'));
        expect(logger.errors.length).to.be.at.least(1);
      });

      for (const hook of ['onSuccess', 'onFailure'] as const) {
        it(`keeps every outcome and logs when a handler class's ${hook} fails`, async () => {
          // Prepare
          const logger = recordingLogger();
          class Orders {
            @RecordHandler(EventType.SQS, { dto: false })
            handle(record: SQSRecord) {
              return failBad(record);
            }
            [hook](value: unknown) {
              return fail(value);
            }
            @BatchHandler({ logger })
            async handler(_event: SQSEvent) {}
          }

          // Act
          const response = await new Orders().handler(batch('a-1', 'a-bad', 'a-3') as SQSEvent);

          // Assess
          expect(response).to.deep.equal(failuresOf('a-bad'));
          expect(logger.errors.length).to.be.at.least(1);
        });
      }

      it("rejects with HookError('batchHandler') when the @BatchHandler body fails", async () => {
        // Prepare
        class Orders {
          @RecordHandler(EventType.SQS, { dto: false })
          handle(record: SQSRecord) {
            return failBad(record);
          }
          @BatchHandler({ logger: silentLogger })
          async handler(_event: SQSEvent) {
            await fail(undefined);
          }
        }

        // Act
        const error = await rejectionOf(new Orders().handler(batch('a-1') as SQSEvent));

        // Assess
        expect(error).to.be.instanceOf(HookError);
        expect(error).to.include({ code: 'HOOK_FAILED', hook: 'batchHandler' satisfies HookName });
      });
    });
  }

  it("rejects with HookError('logger') when the user's logger throws while logging a failure", async () => {
    // Prepare
    const logger: BatchLogger = {
      ...silentLogger,
      error: () => {
        throw 'disk full';
      },
    };
    const processor = new BatchProcessor(EventType.SQS, { logger });

    // Act
    const error = await rejectionOf(processPartialResponse(batch('a-1', 'a-bad'), failBad, processor));

    // Assess
    expect(error).to.be.instanceOf(HookError);
    expect(error).to.include({ hook: 'logger', cause: 'disk full' });
  });

  describe('in a synchronous processor', () => {
    it('fails the record when an overridden successHandler returns a rejecting promise (never a silent success)', () => {
      // Prepare
      class AsyncSuccess extends BatchProcessorSync {
        override successHandler(_record: BatchRecord, _result: unknown) {
          return Promise.reject(new Error('late')) as never;
        }
      }
      const processor = new AsyncSuccess(EventType.SQS, { logger: silentLogger });

      // Act
      const response = processPartialResponseSync(batch('s-1', 's-2'), failBad, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(response).to.deep.equal(failuresOf('s-1', 's-2'));
      expect(processor.errors.every((e) => e instanceof AsyncHandlerError)).to.equal(true);
    });

    it('fails the record when processRecordSync returns a promise', () => {
      // Prepare
      class AsyncStep extends BatchProcessorSync {
        override processRecordSync(record: BatchRecord): ProcessResult {
          return Promise.resolve(['success', 1, record]) as never;
        }
      }
      const processor = new AsyncStep(EventType.SQS, { logger: silentLogger });

      // Act
      const response = processPartialResponseSync(batch('s-1'), failBad, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(response).to.deep.equal(failuresOf('s-1'));
    });

    for (const hook of ['prepare', 'clean'] as const) {
      it(`throws AsyncHandlerError when ${hook} returns a promise`, () => {
        // Prepare
        class AsyncHook extends BatchProcessorSync {
          override prepare() {
            if (hook === 'prepare') return Promise.reject(new Error('late')) as never;
          }
          override clean() {
            if (hook === 'clean') return Promise.reject(new Error('late')) as never;
          }
        }
        const processor = new AsyncHook(EventType.SQS, { logger: silentLogger });

        // Act
        const error = thrownBy(() => processPartialResponseSync(batch('s-1'), failBad, processor));

        // Assess
        expect(error).to.be.instanceOf(AsyncHandlerError);
      });
    }
  });
});
