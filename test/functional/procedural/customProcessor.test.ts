import type { SQSRecord } from 'aws-lambda';
import {
  BasePartialProcessor,
  type BatchOutcome,
  BatchProcessingError,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  EventType,
  NonErrorThrownError,
  type ProcessingRun,
  type ProcessResult,
  processPartialResponse,
  processPartialResponseSync,
  type RecordContext,
  type RecordFailure,
  RecordParseError,
  RecordValidationError,
  SqsFifoShortCircuitError,
  silentLogger,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { kinesisEvent, sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, Min } from 'class-validator';
import { failuresOf } from '../../support/responses';
import { delay } from '../../support/time';

/** A handler that fails the records whose messageId starts with "bad". */
function failBad(record: SQSRecord): string {
  if (record.messageId.startsWith('bad')) throw new Error(`${record.messageId} rejected`);
  return `ok ${record.messageId}`;
}

class Qty {
  @IsInt() @Min(1) qty!: number;
}

describe('custom processors (BasePartialProcessor subclasses)', () => {
  describe('prepare() and clean()', () => {
    it('receive the run: its records before the first record, its outcome after the last', async () => {
      // Prepare
      const seen: { phase: string; records: readonly BatchRecord[]; outcome: BatchOutcome }[] = [];
      class AuditingProcessor extends BasePartialProcessor {
        override prepare(run: ProcessingRun): void {
          seen.push({ phase: 'prepare', records: run.records, outcome: run.outcome() });
        }
        override async clean(run: ProcessingRun): Promise<void> {
          await delay(5);
          seen.push({ phase: 'clean', records: run.records, outcome: run.outcome() });
        }
      }
      const event = { Records: ['ok-1', 'bad-1', 'ok-2'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new AuditingProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(event, failBad, processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('bad-1'));
      expect(seen.map((s) => s.phase)).to.deep.equal(['prepare', 'clean']);
      expect(seen[0]?.records).to.deep.equal(event.Records);
      expect(seen[0]?.outcome).to.deep.equal({ response: { batchItemFailures: [] }, successes: [], failures: [] });
      const final = seen[1]?.outcome as BatchOutcome;
      expect(final.response).to.deep.equal(response);
      expect(final.successes.map((s) => [s.itemIdentifier, s.index, s.result])).to.deep.equal([
        ['ok-1', 0, 'ok ok-1'],
        ['ok-2', 2, 'ok ok-2'],
      ]);
      expect(final.failures.map((f) => [f.itemIdentifier, f.index, f.eventType, f.retryable])).to.deep.equal([
        ['bad-1', 1, EventType.SQS, true],
      ]);
    });

    it('gets a separate run for each of two overlapping calls', async () => {
      // Prepare
      const prepared: ProcessingRun[] = [];
      const cleaned = new Map<ProcessingRun, string[]>();
      class RecordingProcessor extends BasePartialProcessor {
        override async prepare(run: ProcessingRun): Promise<void> {
          prepared.push(run);
        }
        override clean(run: ProcessingRun): void {
          cleaned.set(
            run,
            run.outcome().successes.map((s) => s.itemIdentifier as string),
          );
        }
      }
      const processor = new RecordingProcessor(EventType.SQS, { logger: silentLogger });
      const slow = async (record: SQSRecord) => delay(record.messageId.startsWith('a') ? 15 : 1);
      const first = { Records: ['a-1', 'a-2'].map((id) => sqsRecord({}, { messageId: id })) };
      const second = { Records: ['b-1'].map((id) => sqsRecord({}, { messageId: id })) };

      // Act
      await Promise.all([processPartialResponse(first, slow, processor), processPartialResponse(second, slow, processor)]);

      // Assess
      expect(prepared).to.have.length(2);
      expect(prepared[0]).to.not.equal(prepared[1]);
      expect(cleaned.get(prepared[0] as ProcessingRun)).to.deep.equal(['a-1', 'a-2']);
      expect(cleaned.get(prepared[1] as ProcessingRun)).to.deep.equal(['b-1']);
    });
  });

  describe('successHandler() and failureHandler()', () => {
    it('keep every error and its type when an override calls super without the context, Powertools-style', async () => {
      // Prepare
      class PowertoolsStyle extends BatchProcessor {
        override failureHandler(record: BatchRecord, error: Error) {
          return super.failureHandler(record, error);
        }
        override successHandler(record: BatchRecord, result: unknown) {
          return super.successHandler(record, result);
        }
      }
      const processor = new PowertoolsStyle(EventType.SQS, { dto: Qty, logger: silentLogger });
      const event = { Records: [sqsRecord({ qty: 1 }), sqsRecord('not json'), sqsRecord({ qty: 0 })] };
      const failures: RecordFailure[] = [];

      // Act
      const { outcome } = await processor.execute(event.Records, await processor.invokerFor(() => 'ok'), {}, (settled) => {
        if ('error' in settled) failures.push(settled);
      });

      // Assess
      expect(outcome.successes.map((s) => s.result)).to.deep.equal(['ok']);
      expect(failures.map((f) => f.error.constructor)).to.deep.equal([RecordParseError, RecordValidationError]);
      expect(failures.map((f) => f.retryable)).to.deep.equal([false, false]);
    });

    it('are called once per record when overridden (calling super), and the response is unchanged', async () => {
      // Prepare
      const calls: unknown[][] = [];
      class CountingProcessor extends BasePartialProcessor {
        override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
          calls.push(['success', (record as SQSRecord).messageId, result, context?.index]);
          return super.successHandler(record, result, context);
        }
        override failureHandler(record: BatchRecord, error: Error, context?: RecordContext) {
          calls.push(['fail', (record as SQSRecord).messageId, error.constructor, context?.index]);
          return super.failureHandler(record, error, context);
        }
      }
      const event = { Records: ['ok-1', 'bad-1', 'ok-2', 'bad-2'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new CountingProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(event, failBad, processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('bad-1', 'bad-2'));
      expect(calls).to.deep.equal([
        ['success', 'ok-1', 'ok ok-1', 0],
        ['fail', 'bad-1', Error, 1],
        ['success', 'ok-2', 'ok ok-2', 2],
        ['fail', 'bad-2', Error, 3],
      ]);
    });

    it('failureHandler also sees records that never ran: another source, FIFO short-circuit', async () => {
      // Prepare
      const errors: [string, Error][] = [];
      class WatchingProcessor extends BasePartialProcessor {
        override failureHandler(record: BatchRecord, error: Error, context?: RecordContext) {
          errors.push([context?.itemIdentifier as string, error]);
          return super.failureHandler(record, error, context);
        }
      }
      const fifoArn = 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo';
      const stray = kinesisEvent([{ n: 1 }]).Records[0] as BatchRecord;
      const records: BatchRecord[] = [
        sqsRecord({}, { messageId: 'ok-1', eventSourceARN: fifoArn }),
        sqsRecord({}, { messageId: 'bad-1', eventSourceARN: fifoArn }),
        sqsRecord({}, { messageId: 'ok-2', eventSourceARN: fifoArn }),
      ];
      const processor = new WatchingProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const fifoResponse = await processPartialResponse({ Records: records }, failBad, processor);
      const strayResponse = await processPartialResponse({ Records: [records[0] as BatchRecord, stray] }, failBad, processor, {
        fifo: false,
      });

      // Assess
      expect(fifoResponse).to.deep.equal(failuresOf('bad-1', 'ok-2'));
      expect(strayResponse.batchItemFailures).to.have.length(1);
      expect(errors.map(([id]) => id)).to.deep.equal(['bad-1', 'ok-2', strayResponse.batchItemFailures[0]?.itemIdentifier]);
      expect(errors[1]?.[1]).to.be.instanceOf(SqsFifoShortCircuitError);
      expect(errors[2]?.[1]).to.be.instanceOf(UnexpectedBatchTypeError);
    });

    for (const when of ['before', 'after'] as const) {
      it(`turns the record into a failure when an overridden successHandler throws ${when} calling super`, async () => {
        // Prepare
        const refusal = new Error('could not record the success');
        class StrictProcessor extends BasePartialProcessor {
          override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
            if (when === 'before' && result === 'ok ok-2') throw refusal;
            const tuple = super.successHandler(record, result, context);
            if (when === 'after' && result === 'ok ok-2') throw refusal;
            return tuple;
          }
        }
        const event = { Records: ['ok-1', 'ok-2', 'ok-3'].map((id) => sqsRecord({}, { messageId: id })) };
        const processor = new StrictProcessor(EventType.SQS, { logger: silentLogger });

        // Act
        const response = await processPartialResponse(event, failBad, processor);

        // Assess
        expect(response).to.deep.equal(failuresOf('ok-2'));
        expect(processor.errors).to.deep.equal([refusal]);
        expect(processor.successMessages).to.deep.equal([event.Records[0], event.Records[2]]);
      });
    }

    it('keeps the record failed, with its own error, when an overridden failureHandler throws', async () => {
      // Prepare
      const broken = new Error('could not record the failure');
      const own = new RangeError('bad-1 rejected');
      class FragileProcessor extends BasePartialProcessor {
        override failureHandler(): never {
          throw broken;
        }
      }
      const event = { Records: ['ok-1', 'bad-1'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new FragileProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(
        event,
        (record: SQSRecord) => {
          if (record.messageId === 'bad-1') throw own;
        },
        processor,
      );

      // Assess
      expect(response).to.deep.equal(failuresOf('bad-1'));
      expect(processor.errors).to.deep.equal([]); // the override put nothing there
      expect(processor.successMessages).to.deep.equal([event.Records[0]]);
    });

    it('turns the record into a failure when successHandler throws in a synchronous processor', () => {
      // Prepare
      class StrictSyncProcessor extends BatchProcessorSync {
        override successHandler(record: BatchRecord, result: unknown, context?: RecordContext) {
          if ((record as SQSRecord).messageId === 'ok-1') throw 'not an Error';
          return super.successHandler(record, result, context);
        }
      }
      const event = { Records: ['ok-1', 'ok-2'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new StrictSyncProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = processPartialResponseSync(event, failBad, processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('ok-1'));
      expect(processor.errors[0]).to.be.instanceOf(NonErrorThrownError);
    });
  });

  describe('processRecord()', () => {
    it('may return tuples without calling the super handlers: the tuples are the outcomes', async () => {
      // Prepare
      class TupleProcessor extends BasePartialProcessor {
        override async processRecord(record: BatchRecord): Promise<ProcessResult> {
          const body = JSON.parse((record as SQSRecord).body) as { ok: boolean; value: number };
          await delay(1);
          return body.ok ? ['success', body.value * 2, record] : ['fail', `value ${body.value} refused`, record];
        }
      }
      const records = [
        sqsRecord({ ok: true, value: 1 }, { messageId: 'm-1' }),
        sqsRecord({ ok: false, value: 2 }, { messageId: 'm-2' }),
        sqsRecord({ ok: true, value: 3 }, { messageId: 'm-3' }),
      ];
      const processor = new TupleProcessor(EventType.SQS, { logger: silentLogger });
      processor.register(records, () => expect.fail('the default handler path must not run'));

      // Act
      const results = await processor.process();

      // Assess
      expect(results).to.deep.equal([
        ['success', 2, records[0]],
        ['fail', 'value 2 refused', records[1]],
        ['success', 6, records[2]],
      ]);
      expect(processor.response()).to.deep.equal(failuresOf('m-2'));
      // the fields hold what the invocation's hooks put there: this processor called none
      expect(processor.successMessages).to.deep.equal([]);
      expect(processor.failureMessages).to.deep.equal([]);
      expect(processor.errors).to.deep.equal([]);
    });

    it('fails a record whose processRecord returns no tuple, throws or rejects with a non-Error', async () => {
      // Prepare
      class SloppyProcessor extends BasePartialProcessor {
        override async processRecord(record: BatchRecord): Promise<ProcessResult> {
          const id = (record as SQSRecord).messageId;
          if (id === 'nothing') return undefined as unknown as ProcessResult;
          if (id === 'throws') throw new RangeError('broken');
          if (id === 'rejects') return Promise.reject(null);
          return ['success', id, record];
        }
      }
      const event = { Records: ['fine', 'nothing', 'throws', 'rejects'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new SloppyProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(event, () => undefined, processor);
      const { outcome } = await processor.execute(event.Records, () => undefined);

      // Assess
      expect(response).to.deep.equal(failuresOf('nothing', 'throws', 'rejects'));
      const errors = outcome.failures.map((f) => f.error);
      expect(errors[0]).to.be.instanceOf(BatchProcessingError);
      expect(errors[1]).to.be.instanceOf(RangeError);
      expect(errors[2]).to.be.instanceOf(NonErrorThrownError);
      expect((errors[2] as NonErrorThrownError).cause).to.equal(null);
    });

    it('may wrap super.processRecord, which runs the handler with the usual arguments', async () => {
      // Prepare
      const trace: string[] = [];
      class TracingProcessor extends BasePartialProcessor {
        override async processRecord(record: BatchRecord, context: RecordContext): Promise<ProcessResult> {
          trace.push(`start ${context.itemIdentifier}`);
          const result = await super.processRecord(record, context);
          trace.push(`${result[0]} ${context.itemIdentifier}`);
          return result;
        }
      }
      const event = { Records: ['ok-1', 'bad-1'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new TracingProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(event, failBad, processor);

      // Assess
      expect(response).to.deep.equal(failuresOf('bad-1'));
      expect(trace).to.deep.equal(['start ok-1', 'success ok-1', 'start bad-1', 'fail bad-1']);
    });

    it('takes the returned tuple as the outcome, whatever hooks the override called before', async () => {
      // Prepare
      class DoubleReportingProcessor extends BasePartialProcessor {
        override async processRecord(record: BatchRecord, context: RecordContext): Promise<ProcessResult> {
          this.failureHandler(record, new Error('reported first'), context);
          return ['success', 'returned later', record];
        }
      }
      const event = { Records: ['a', 'b'].map((id) => sqsRecord({}, { messageId: id })) };
      const processor = new DoubleReportingProcessor(EventType.SQS, { logger: silentLogger });

      // Act
      const response = await processPartialResponse(event, () => undefined, processor, { throwOnFullBatchFailure: false });

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(processor.successMessages).to.deep.equal([]);
      expect(processor.failureMessages).to.deep.equal(event.Records); // what the override's hook calls put there
    });
  });
});
