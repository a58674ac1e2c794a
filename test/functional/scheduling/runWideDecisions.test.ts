// What the engine decides for the whole run, not per record: the deadline timer (any remaining time, however
// large), the shared abort signal (any number of records listening), and the onError / FIFO rules (from every
// record of the batch, not from the first one).
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  BatchHandler,
  BatchProcessor,
  EventType,
  processPartialResponse,
  type RecordContext,
  RecordHandler,
  SqsFifoShortCircuitError,
  silentLogger,
} from 'batchkit';
import { lambdaContext, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { fifoRecords, STANDARD_ARN, standardRecords } from '../../support/records';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

/** Collects the process warnings emitted until `stop()` (they are emitted on a later tick). */
function watchWarnings(): { readonly names: string[]; stop(): Promise<void> } {
  const names: string[] = [];
  const listener = (warning: Error) => names.push(warning.name);
  process.on('warning', listener);
  return {
    names,
    stop: async () => {
      await delay(5);
      process.off('warning', listener);
    },
  };
}

/** A Lambda context whose remaining time is `ms`, whatever the clock says. */
function contextWith(ms: number): Context {
  return { ...lambdaContext(), getRemainingTimeInMillis: () => ms };
}

describe('run-wide decisions', () => {
  describe('the deadline timer', () => {
    for (const remaining of [2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      it(`runs every record when the context reports ${remaining} ms left (setTimeout's limit is 2^31-1)`, async () => {
        // Prepare
        const warnings = watchWarnings();
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
        const event = { Records: standardRecords(5) };

        // Act
        const response = await processPartialResponse(event, async () => delay(5), processor, {
          context: contextWith(remaining),
        });
        await warnings.stop();

        // Assess
        expect(response).to.deep.equal(failuresOf());
        expect(warnings.names, 'no TimeoutOverflowWarning').to.deep.equal([]);
      });
    }
  });

  describe('the shared abort signal', () => {
    for (const concurrency of [1, 11, 64]) {
      it(`emits no process warning when ${concurrency * 2} records listen to ctx.signal at concurrency ${concurrency}`, async () => {
        // Prepare
        const warnings = watchWarnings();
        const signals = new Set<AbortSignal>();
        const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency });
        const event = { Records: standardRecords(concurrency * 2) };
        const handler = async (_record: SQSRecord, _context: Context, ctx: RecordContext) => {
          signals.add(ctx.signal);
          ctx.signal.addEventListener('abort', () => {});
          await delay(2);
        };

        // Act
        const response = await processPartialResponse(event, handler, processor, { context: lambdaContext() });
        await warnings.stop();

        // Assess: one signal per run, any number of listeners, no warning
        expect(response).to.deep.equal(failuresOf());
        expect(warnings.names).to.deep.equal([]);
        expect(signals.size).to.equal(1);
      });
    }
  });

  describe('FIFO rules from the whole batch', () => {
    /** A FIFO batch whose first record names no queue (its ARN is blank): the others name a FIFO queue. */
    function fifoBatchWithOddFirst(): SQSEvent {
      const records = fifoRecords(['g', 'g', 'g', 'g']);
      (records[0] as SQSRecord).eventSourceARN = '';
      return { Records: records };
    }
    const failSecond = (record: SQSRecord) => {
      if (record.messageId === 'm1') throw new Error('refused');
    };

    it('short-circuits after a failure whatever record 0 looks like (processPartialResponse)', async () => {
      // Prepare
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
      const failures: unknown[] = [];
      class Watching extends BatchProcessor {
        override failureHandler(record: SQSRecord, error: Error) {
          failures.push(error);
          return super.failureHandler(record, error);
        }
      }

      // Act
      const plain = await processPartialResponse(fifoBatchWithOddFirst(), failSecond, processor);
      const watched = await processPartialResponse(
        fifoBatchWithOddFirst(),
        failSecond,
        new Watching(EventType.SQS, { logger: silentLogger }),
      );

      // Assess
      expect(plain).to.deep.equal(failuresOf('m1', 'm2', 'm3'));
      expect(watched).to.deep.equal(plain);
      expect(failures.slice(1).every((e) => e instanceof SqsFifoShortCircuitError)).to.equal(true);
    });

    it('short-circuits after a failure whatever record 0 looks like (@BatchHandler)', async () => {
      // Prepare
      const ran: string[] = [];
      class Orders {
        @RecordHandler(EventType.SQS, { dto: false })
        handle(record: SQSRecord) {
          ran.push(record.messageId);
          failSecond(record);
        }
        @BatchHandler({ logger: silentLogger })
        async handler(_event: SQSEvent) {}
      }

      // Act
      const response = await new Orders().handler(fifoBatchWithOddFirst());

      // Assess
      expect(response).to.deep.equal(failuresOf('m1', 'm2', 'm3'));
      expect(ran).to.deep.equal(['m0', 'm1']);
    });

    it('runs every record of a standard queue batch (no FIFO rules) when no record names a FIFO queue', async () => {
      // Prepare
      const records = [sqsRecord({}, { messageId: 'm0', eventSourceARN: '' }), ...standardRecords(3).slice(1)];
      records.forEach((r) => {
        if (r.messageId !== 'm0') r.eventSourceARN = STANDARD_ARN;
      });
      const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse({ Records: records }, failSecond, processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('m1'));
    });
  });
});
