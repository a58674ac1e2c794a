import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BasePartialProcessor,
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  type ProcessResult,
  processPartialResponse,
  processPartialResponseSync,
  type RecordContext,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
  TimeBudgetExceededError,
} from 'batchkit';
import { lambdaContext, sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { indexOf, standardRecords } from '../../support/records';
import { delay, settleEventLoop } from '../../support/time';
import { watchUnhandledRejections } from '../../support/unhandledRejections';

/** Asserts that `error` reports a record cut off by the time budget. */
function expectBudgetError(error: unknown, started?: boolean): void {
  expect(error).to.be.instanceOf(TimeBudgetExceededError);
  const budget = error as TimeBudgetExceededError;
  expect(budget.code).to.equal('TIME_BUDGET_EXCEEDED');
  expect(budget.retryable).to.equal(true);
  if (started !== undefined) expect(budget.started).to.equal(started);
}

/** Blocks the thread for `ms` milliseconds (a synchronous handler doing CPU work). */
function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

/** Asserts the time-budget outcome of a concurrency-1 run: a prefix succeeded, everything after it was cut off. */
function expectPrefixSucceeded(outcome: BatchOutcome, total: number, min: number, max: number): void {
  const succeeded = outcome.successes.length;
  expect(succeeded).to.be.within(min, max);
  expect(outcome.successes.map((s) => s.index)).to.deep.equal(Array.from({ length: succeeded }, (_, i) => i));
  expect(outcome.failures).to.have.length(total - succeeded);
  for (const failure of outcome.failures) {
    expectBudgetError(failure.error);
    expect(failure.retryable).to.equal(true);
  }
  expect(outcome.response.batchItemFailures).to.deep.equal(outcome.failures.map((f) => ({ itemIdentifier: f.itemIdentifier })));
}

describe('the Lambda time budget', () => {
  it('with 100 records of 50 ms and 1 s left, the records that fit succeed, the rest fail, and it returns in time (@BatchHandler)', async () => {
    // Prepare
    let outcome: BatchOutcome | undefined;
    class Orders {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        await delay(50);
      }

      @BatchHandler({ logger: silentLogger })
      async handler(event: SQSEvent, context?: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const context = lambdaContext({ timeoutMs: 1000 });

    // Act
    const response = await new Orders().handler({ Records: standardRecords(100) }, context);
    const remaining = context.getRemainingTimeInMillis();

    // Assess
    expect(remaining).to.be.greaterThan(0);
    expect(response).to.deep.equal(outcome?.response);
    expectPrefixSucceeded(outcome as BatchOutcome, 100, 5, 12);
    expect(outcome?.failures.filter((f) => (f.error as TimeBudgetExceededError).started)).to.have.length.at.most(1);
  });

  it('with 100 records of 50 ms and 1 s left, the records that fit succeed, the rest fail, and it returns in time (procedural API)', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const context = lambdaContext({ timeoutMs: 1000 });
    const records = standardRecords(100);

    // Act
    const response = await processPartialResponse(
      { Records: records },
      async () => {
        await delay(50);
      },
      processor,
      { context },
    );
    const remaining = context.getRemainingTimeInMillis();

    // Assess
    expect(remaining).to.be.greaterThan(0);
    const succeeded = processor.successMessages.length;
    expect(succeeded).to.be.within(5, 12);
    expect(processor.successMessages).to.deep.equal(records.slice(0, succeeded));
    expect(response.batchItemFailures).to.deep.equal(records.slice(succeeded).map((r) => ({ itemIdentifier: r.messageId })));
    for (const error of processor.errors) expectBudgetError(error);
  });

  it('under concurrency, several records run in the budget and every unstarted one fails', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: 4 });
    const context = lambdaContext({ timeoutMs: 1000 });
    const records = standardRecords(100);
    const started = new Set<number>();

    // Act
    const response = await processPartialResponse(
      { Records: records },
      async (record: SQSRecord) => {
        started.add(indexOf(record));
        await delay(50);
      },
      processor,
      { context },
    );
    const remaining = context.getRemainingTimeInMillis();

    // Assess
    expect(remaining).to.be.greaterThan(0);
    expect(processor.successMessages.length).to.be.within(12, 44);
    expect(response.batchItemFailures).to.have.length(100 - processor.successMessages.length);
    const cutOff = processor.errors.filter((e) => (e as TimeBudgetExceededError).started);
    expect(cutOff.length).to.be.at.most(4);
    for (const error of processor.errors) expectBudgetError(error);
    const unstarted = records.filter((_, i) => !started.has(i)).map((r) => r.messageId);
    expect(unstarted.length).to.be.greaterThan(0);
    const reported = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    for (const id of unstarted) expect(reported.has(id)).to.equal(true);
  });

  it('reports a record still running at the deadline as failed without waiting; its late end runs no hook (@BatchHandler)', async () => {
    // Prepare
    const hooks: string[] = [];
    let lateEnd: Promise<void> = Promise.resolve();
    let outcome: BatchOutcome | undefined;
    class Orders {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord) {
        if (indexOf(record) !== 1) return;
        lateEnd = delay(900);
        await lateEnd;
      }

      onSuccess(success: RecordSuccess) {
        hooks.push(`success ${success.index}`);
      }

      onFailure(failure: RecordFailure) {
        hooks.push(`failure ${failure.index}`);
      }

      @BatchHandler({ logger: silentLogger, deadlineMarginMs: 300 })
      async handler(event: SQSEvent, context?: Context, result?: BatchOutcome) {
        outcome = result;
      }
    }
    const context = lambdaContext({ timeoutMs: 450 });
    const begin = Date.now();

    // Act
    const response = await new Orders().handler({ Records: standardRecords(3) }, context);
    const elapsed = Date.now() - begin;
    const hooksAtReturn = hooks.slice();
    await lateEnd;
    await settleEventLoop();

    // Assess
    expect(elapsed).to.be.lessThan(800);
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expectBudgetError(outcome?.failures[0]?.error, true);
    expectBudgetError(outcome?.failures[1]?.error, false);
    expect(hooksAtReturn).to.deep.equal(['success 0', 'failure 1', 'failure 2']);
    expect(hooks).to.deep.equal(hooksAtReturn);
  });

  it('raises no unhandled rejection when a record cut off at the deadline rejects later (procedural, both processRecord paths)', async () => {
    // Prepare
    const watcher = watchUnhandledRejections();
    let lateEnds: Promise<void>[] = [];
    const handler = async (record: SQSRecord) => {
      if (indexOf(record) !== 0) return;
      const end = delay(400);
      lateEnds.push(end);
      await end;
      throw new Error('late failure');
    };
    class OverridingProcessor extends BasePartialProcessor {
      override async processRecord(record: BatchRecord, context: RecordContext): Promise<ProcessResult> {
        const end = delay(400);
        lateEnds.push(end);
        await end;
        throw new Error(`processRecord of ${context.itemIdentifier} rejected late`);
      }
    }
    const plain = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const overriding = new OverridingProcessor(EventType.SQS, { logger: silentLogger });
    const options = { deadlineMarginMs: 0, throwOnFullBatchFailure: false };

    try {
      // Act
      const first = await processPartialResponse({ Records: standardRecords(2) }, handler, plain, {
        ...options,
        context: lambdaContext({ timeoutMs: 100 }),
      });
      const second = await processPartialResponse({ Records: standardRecords(2) }, handler, overriding, {
        ...options,
        context: lambdaContext({ timeoutMs: 100 }),
      });
      await Promise.all(lateEnds);
      await settleEventLoop();
      lateEnds = [];

      // Assess
      expect(first).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }] });
      expectBudgetError(plain.errors[0], true);
      expect(second).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }] });
      expectBudgetError(overriding.errors[0], true);
      expectBudgetError(overriding.errors[1], false);
      expect(watcher.reasons).to.deep.equal([]);
    } finally {
      watcher.stop();
    }
  });

  it('aborts ctx.signal at the deadline, so a cooperative handler stops early', async () => {
    // Prepare
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
    const context = lambdaContext({ timeoutMs: 800 });
    const signals: AbortSignal[] = [];
    let abortedAtStart: boolean | undefined;
    let stoppedAt = 0;
    let stopped: Promise<void> = Promise.resolve();
    const begin = Date.now();

    // Act
    const response = await processPartialResponse(
      { Records: standardRecords(2) },
      (_record: SQSRecord, _lambda: Context | undefined, ctx: RecordContext) => {
        signals.push(ctx.signal);
        abortedAtStart = ctx.signal.aborted;
        stopped = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, 5000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            stoppedAt = Date.now();
            reject(new Error('aborted'));
          });
        });
        return stopped;
      },
      processor,
      { context, deadlineMarginMs: 500, throwOnFullBatchFailure: false },
    );
    const returnedAt = Date.now();
    await stopped.catch(() => {});

    // Assess
    expect(abortedAtStart).to.equal(false);
    expect(signals).to.have.length(1);
    expect(signals[0]?.aborted).to.equal(true);
    expect(stoppedAt).to.be.greaterThan(0);
    expect(stoppedAt - begin).to.be.within(200, 2000);
    expect(returnedAt - begin).to.be.lessThan(2000);
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }] });
    expectBudgetError(processor.errors[0], true);
  });

  it("deadlineMarginMs: false turns the budget off, even when the context's time has run out (both APIs)", async () => {
    // Prepare
    const seenSignals: AbortSignal[] = [];
    class Orders {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord, _record: SQSRecord, ctx: RecordContext) {
        seenSignals.push(ctx.signal);
        await delay(25);
      }

      @BatchHandler({ logger: silentLogger, deadlineMarginMs: false })
      async handler(event: SQSEvent, context?: Context) {}
    }
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, deadlineMarginMs: false });

    // Act
    const decorated = await new Orders().handler({ Records: standardRecords(8) }, lambdaContext({ timeoutMs: 100 }));
    const procedural = await processPartialResponse(
      { Records: standardRecords(8) },
      async () => {
        await delay(25);
      },
      processor,
      { context: lambdaContext({ timeoutMs: 100 }) },
    );

    // Assess
    expect(decorated).to.deep.equal({ batchItemFailures: [] });
    expect(procedural).to.deep.equal({ batchItemFailures: [] });
    expect(seenSignals.every((signal) => !signal.aborted)).to.equal(true);
  });

  it('has no deadline without a Lambda context', async () => {
    // Prepare
    const seenSignals: AbortSignal[] = [];
    class Orders {
      @RecordHandler(EventType.SQS)
      async handle(record: SQSRecord, _record: SQSRecord, ctx: RecordContext) {
        seenSignals.push(ctx.signal);
        await delay(60);
      }

      @BatchHandler({ logger: silentLogger, deadlineMarginMs: 0 })
      async handler(event: SQSEvent, context?: Context) {}
    }

    // Act
    const response = await new Orders().handler({ Records: standardRecords(10) });

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(seenSignals).to.have.length(10);
    expect(seenSignals.every((signal) => !signal.aborted)).to.equal(true);
  });

  it('starts nothing when less time remains than the margin; every record is reported for retry', async () => {
    // Prepare
    let ran = 0;
    const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: 4 });

    // Act
    const response = await processPartialResponse(
      { Records: standardRecords(3) },
      () => {
        ran++;
      },
      processor,
      { context: lambdaContext({ timeoutMs: 300 }), throwOnFullBatchFailure: false },
    );

    // Assess
    expect(ran).to.equal(0);
    expect(response).to.deep.equal({
      batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
    for (const error of processor.errors) expectBudgetError(error, false);
  });

  it('starts no record after the deadline on the synchronous path (BatchProcessorSync)', () => {
    // Prepare
    const processor = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
    const records = standardRecords(40);
    const ran: number[] = [];
    const context = lambdaContext({ timeoutMs: 700 });

    // Act
    const response = processPartialResponseSync(
      { Records: records },
      (record: SQSRecord) => {
        ran.push(indexOf(record));
        busyWait(20);
      },
      processor,
      { context },
    );

    // Assess
    expect(context.getRemainingTimeInMillis()).to.be.greaterThan(0);
    expect(ran.length).to.be.within(3, 14);
    expect(ran).to.deep.equal(Array.from({ length: ran.length }, (_, i) => i));
    expect(processor.successMessages).to.deep.equal(records.slice(0, ran.length));
    expect(response.batchItemFailures).to.deep.equal(records.slice(ran.length).map((r) => ({ itemIdentifier: r.messageId })));
    for (const error of processor.errors) expectBudgetError(error, false);
  });
});

describe('time budget and custom processors', () => {
  it('passes records failed at the deadline through failureHandler, and calls no handler for a record that settles late', async () => {
    // Prepare
    const failed: string[] = [];
    const succeeded: string[] = [];
    class AuditingProcessor extends BatchProcessor {
      override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
        succeeded.push(String(context?.index));
        return super.successHandler(record, result, context);
      }
      override failureHandler(record: BatchRecord, error: Error, context?: RecordContext) {
        failed.push(`${context?.index}:${(error as { code?: string }).code}`);
        return super.failureHandler(record, error, context);
      }
    }
    const processor = new AuditingProcessor(EventType.SQS, { logger: silentLogger });
    const event = sqsEvent(['fast', 'slow', 'never']);
    const handler = (record: SQSRecord) => new Promise((resolve) => setTimeout(resolve, record.body === 'fast' ? 1 : 400));

    // Act
    const response = await processPartialResponse(event, handler, processor, {
      context: lambdaContext({ timeoutMs: 250 }),
      deadlineMarginMs: 100,
    });
    await new Promise((resolve) => setTimeout(resolve, 400)); // let the slow record settle late

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(event.Records.slice(1).map((r) => r.messageId));
    expect(succeeded).to.deep.equal(['0']);
    expect(failed).to.deep.equal(['1:TIME_BUDGET_EXCEEDED', '2:TIME_BUDGET_EXCEEDED']);
  });
});
