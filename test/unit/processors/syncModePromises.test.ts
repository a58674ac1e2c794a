import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  AsyncHandlerError,
  BatchHandler,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  HookError,
  processPartialResponse,
  processPartialResponseSync,
  type RecordContext,
  RecordHandler,
  type RecordSuccess,
} from 'batchkit';
import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../../support/errors';
import { capturingLogger } from '../../support/logger';
import { standardRecords } from '../../support/records';
import { settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

type Hook = 'prepare' | 'clean';

/** A synchronous processor whose `hook` does `body`. */
function processorWith(hook: Hook, body: () => unknown): BatchProcessorSync {
  class Hooked extends BatchProcessorSync {
    override prepare(): void | Promise<void> {
      return hook === 'prepare' ? (body() as Promise<void>) : undefined;
    }
    override clean(): void | Promise<void> {
      return hook === 'clean' ? (body() as Promise<void>) : undefined;
    }
  }
  return new Hooked(EventType.SQS, { logger: capturingLogger() });
}

/** The entry points of a synchronous processor: each returns what the call threw or rejected with. */
const ENTRY_POINTS: [string, (processor: BatchProcessorSync, handler: (r: SQSRecord) => unknown) => Promise<unknown>][] = [
  [
    'processPartialResponseSync',
    async (processor, handler) => thrownBy(() => processPartialResponseSync({ Records: standardRecords(2) }, handler, processor)),
  ],
  [
    'processPartialResponse',
    (processor, handler) => rejectionOf(processPartialResponse({ Records: standardRecords(2) }, handler, processor)),
  ],
  ['processSync', async (processor, handler) => thrownBy(() => processor.register(standardRecords(2), handler).processSync())],
];

describe('processors: a synchronous processor given a promise by its hooks', () => {
  for (const hook of ['prepare', 'clean'] as const) {
    for (const [entry, call] of ENTRY_POINTS) {
      it(`${hook}() returning a promise throws AsyncHandlerError (${entry}), its rejection silenced`, async () => {
        // Prepare
        const watch = watchUnhandledRejections();
        const ran: string[] = [];
        const processor = processorWith(hook, () => Promise.reject(new Error('async hook')));

        // Act
        const error = await call(processor, (record) => ran.push(record.messageId));
        await settleEventLoop();
        watch.stop();

        // Assess
        expect(error).to.be.instanceOf(AsyncHandlerError);
        expect((error as AsyncHandlerError).code).to.equal('ASYNC_HANDLER_IN_SYNC_PROCESSOR');
        expect(ran).to.deep.equal(hook === 'prepare' ? [] : ['m0', 'm1']);
        expect(watch.reasons).to.deep.equal([]);
      });
    }

    it(`${hook}() that throws reaches the caller as a HookError naming it, the original as cause`, () => {
      // Prepare
      const original = new Error('hook threw');
      const processor = processorWith(hook, () => {
        throw original;
      });

      // Act
      const error = thrownBy(() => processPartialResponseSync({ Records: standardRecords(1) }, () => 'ok', processor));

      // Assess
      expect(error).to.be.instanceOf(HookError);
      expect([(error as HookError).code, (error as HookError).hook, (error as HookError).cause]).to.deep.equal([
        'HOOK_FAILED',
        hook,
        original,
      ]);
    });
  }

  it('a successHandler returning a promise fails its record with AsyncHandlerError, never a silent success', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    class AsyncSuccess extends BatchProcessorSync {
      override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
        super.successHandler(record, result, context);
        return Promise.reject(new Error('async success handler')) as never;
      }
    }
    const processor = new AsyncSuccess(EventType.SQS, { logger: capturingLogger() });

    // Act
    const response = processPartialResponseSync({ Records: standardRecords(2) }, () => 'ok', processor, {
      throwOnFullBatchFailure: false,
    });
    await settleEventLoop();
    watch.stop();

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(['m0', 'm1']);
    expect(processor.errors.map((e) => e instanceof AsyncHandlerError)).to.deep.equal([true, true]);
    expect(processor.successMessages).to.deep.equal([]);
    expect(watch.reasons).to.deep.equal([]);
  });

  it('a failureHandler returning a promise is logged as AsyncHandlerError; the record stays failed with its own error', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    const own = new Error('handler failed');
    const logger = capturingLogger();
    class AsyncFailure extends BatchProcessorSync {
      override failureHandler(record: BatchRecord, error: Error, context?: RecordContext) {
        super.failureHandler(record, error, context);
        return Promise.reject(new Error('async failure handler')) as never;
      }
    }
    const processor = new AsyncFailure(EventType.SQS, { logger });
    const handler = (record: SQSRecord) => {
      if (record.messageId === 'm0') throw own;
    };

    // Act
    const response = processPartialResponseSync({ Records: standardRecords(2) }, handler, processor);
    await settleEventLoop();
    watch.stop();

    // Assess
    expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: 'm0' }]);
    expect(processor.errors).to.deep.equal([own]);
    const hookErrors = logger.entries.filter((e) => e.details?.errorName === 'AsyncHandlerError');
    expect(hookErrors.map((e) => [e.level, e.details?.itemIdentifier])).to.deep.equal([['error', 'm0']]);
    expect(watch.reasons).to.deep.equal([]);
  });

  it('an onSuccess hook returning a promise (@BatchHandler on BatchProcessorSync) is logged as AsyncHandlerError; the record stays a success', async () => {
    // Prepare
    const watch = watchUnhandledRejections();
    const logger = capturingLogger();
    const processor = new BatchProcessorSync(EventType.SQS, { logger });
    class Orders {
      @RecordHandler(EventType.SQS, { dto: false })
      handle(_record: SQSRecord) {}

      async onSuccess(_success: RecordSuccess) {
        throw new Error('async onSuccess');
      }

      @BatchHandler({ processor })
      async handler(_event: SQSEvent) {}
    }

    // Act
    const response = await new Orders().handler({ Records: standardRecords(2) });
    await settleEventLoop();
    watch.stop();

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    const hookErrors = logger.entries.filter((e) => e.details?.errorName === 'AsyncHandlerError');
    expect(hookErrors.map((e) => [e.level, e.details?.itemIdentifier])).to.deep.equal([
      ['error', 'm0'],
      ['error', 'm1'],
    ]);
    expect(watch.reasons).to.deep.equal([]);
  });
});
