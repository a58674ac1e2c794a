import type { Context } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  BatchProcessorSync,
  type BatchRecord,
  FullBatchFailureError,
  type PartialBatchResponse,
  processPartialResponse,
  processPartialResponseSync,
  type RecordContext,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import { IsInt, Min } from 'class-validator';
import fc from 'fast-check';
import { assessRun, type Observed, resolvePolicy, type Scheduling, schedulingArb, schedulingOptions } from './assess.js';
import { batchArb, Script, SOURCES, withSettleLog } from './batches.js';
import { fromOutcome, fromProcessor } from './observe.js';

const RUNS = { numRuns: 100 };

/** Runs `act`; returns what it returned or the error it threw. */
async function settle<T>(act: () => Promise<T> | T): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await act() };
  } catch (error) {
    return { error };
  }
}

/** With the default options: a full failure throws FullBatchFailureError naming every record; any other batch returns. */
function expectDefaultVerdict(result: { value?: unknown; error?: unknown }, observed: Observed, n: number): PartialBatchResponse {
  const fullFailure = n > 0 && observed.failures.length === n;
  if (!fullFailure) {
    expect(result.error, 'only a full failure throws').to.equal(undefined);
    return result.value as PartialBatchResponse;
  }
  expect(result.error).to.be.instanceOf(FullBatchFailureError);
  const error = result.error as FullBatchFailureError;
  expect(error.code).to.equal('FULL_BATCH_FAILURE');
  expect(error.recordErrors).to.deep.equal(observed.failures.map((f) => f.error));
  return error.response;
}

const contextArb = fc.boolean().map((given) => (given ? lambdaContext() : undefined));

describe('property: every record ends in exactly one outcome, and exactly the failed ones are reported', () => {
  for (const source of SOURCES) {
    describe(`${source.name}, decorator API (@RecordHandler + @BatchHandler)`, () => {
      it('holds for random batches, behaviours, policies and concurrency (throwOnFullBatchFailure: false)', async () => {
        class ItemDto {
          @IsInt() @Min(0) i!: number;
        }
        await fc.assert(
          fc.asyncProperty(batchArb({ invalid: true }), schedulingArb, contextArb, async (specs, scheduling, context) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            class Handler {
              outcome: BatchOutcome | undefined;
              readonly hookCalls: number[] = [];

              @RecordHandler(source.eventType)
              handle(item: ItemDto, _record: BatchRecord, ctx: RecordContext) {
                return script.play(ctx.index, { dto: ItemDto, value: item });
              }

              @BatchHandler({ ...schedulingOptions(scheduling), throwOnFullBatchFailure: false, logger: silentLogger })
              async handler(_event: unknown, _context: Context | undefined, outcome?: BatchOutcome) {
                this.outcome = outcome;
              }

              onSuccess(success: RecordSuccess) {
                this.hookCalls.push(success.index);
              }

              async onFailure(failure: RecordFailure) {
                this.hookCalls.push(failure.index);
              }
            }
            const instance = new Handler();

            // Act
            const response = (await instance.handler(event, context as Context)) as unknown as PartialBatchResponse;

            // Assess
            const observed = fromOutcome(instance.outcome, instance.hookCalls, response);
            assessRun({ source, script, records: event.Records, observed, ...resolvePolicy(source, scheduling) });
          }),
          RUNS,
        );
      });

      it('with the default options, throws FullBatchFailureError exactly when every record failed', async () => {
        class ItemDto {
          @IsInt() @Min(0) i!: number;
        }
        await fc.assert(
          fc.asyncProperty(batchArb({ invalid: true }), async (specs) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            class Handler {
              outcome: BatchOutcome | undefined;
              readonly hookCalls: number[] = [];

              @RecordHandler(source.eventType)
              async handle(item: ItemDto, _record: BatchRecord, ctx: RecordContext) {
                return script.play(ctx.index, { dto: ItemDto, value: item });
              }

              @BatchHandler({ logger: silentLogger })
              handler(_event: unknown, _context: Context | undefined, outcome?: BatchOutcome) {
                this.outcome = outcome;
              }

              onSuccess(success: RecordSuccess) {
                this.hookCalls.push(success.index);
              }

              onFailure(failure: RecordFailure) {
                this.hookCalls.push(failure.index);
              }
            }
            const instance = new Handler();

            // Act
            const result = await settle(() => instance.handler(event, lambdaContext()));

            // Assess
            const provisional = fromOutcome(instance.outcome, instance.hookCalls, { batchItemFailures: [] });
            const response = expectDefaultVerdict(result, provisional, specs.length);
            const observed = { ...provisional, response };
            assessRun({
              source,
              script,
              records: event.Records,
              observed,
              ...resolvePolicy(source, { onError: undefined, concurrency: undefined }),
            });
          }),
          RUNS,
        );
      });
    });

    describe(`${source.name}, processPartialResponse with BatchProcessor`, () => {
      it('holds with a DTO, for random batches, behaviours, policies and concurrency (throwOnFullBatchFailure: false)', async () => {
        class ItemDto {
          @IsInt() @Min(0) i!: number;
        }
        const SettleCountingProcessor = withSettleLog(BatchProcessor);
        await fc.assert(
          fc.asyncProperty(batchArb({ invalid: true }), schedulingArb, contextArb, async (specs, scheduling, context) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            const processor = new SettleCountingProcessor(source.eventType, { dto: ItemDto, logger: silentLogger });
            const handler = (item: ItemDto, _record: BatchRecord, _lambda: Context | undefined, ctx: RecordContext) =>
              script.play(ctx.index, { dto: ItemDto, value: item });

            // Act
            const response = await processPartialResponse(event, handler, processor, {
              ...schedulingOptions(scheduling),
              throwOnFullBatchFailure: false,
              ...(context === undefined ? {} : { context }),
            });

            // Assess
            const observed = fromProcessor(processor, event.Records, processor, response);
            assessRun({ source, script, records: event.Records, observed, ...resolvePolicy(source, scheduling) });
            expect(processor.response()).to.deep.equal(response);
          }),
          RUNS,
        );
      });

      it('holds without a DTO (raw records, sync and async handlers)', async () => {
        const SettleCountingProcessor = withSettleLog(BatchProcessor);
        await fc.assert(
          fc.asyncProperty(batchArb({ invalid: false }), schedulingArb, async (specs, scheduling) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            const processor = new SettleCountingProcessor(source.eventType, { logger: silentLogger });
            const seenRecords: boolean[] = [];
            const handler = (record: BatchRecord, _lambda: Context | undefined, ctx: RecordContext) => {
              seenRecords.push(record === event.Records[ctx.index]);
              return script.play(ctx.index);
            };

            // Act
            const response = await processPartialResponse(event, handler, processor, {
              ...schedulingOptions(scheduling),
              throwOnFullBatchFailure: false,
            });

            // Assess
            const observed = fromProcessor(processor, event.Records, processor, response);
            assessRun({ source, script, records: event.Records, observed, ...resolvePolicy(source, scheduling) });
            expect(seenRecords.every(Boolean), 'each handler call got its own record').to.equal(true);
          }),
          RUNS,
        );
      });

      it('with the default options, throws FullBatchFailureError exactly when every record failed', async () => {
        class ItemDto {
          @IsInt() @Min(0) i!: number;
        }
        const SettleCountingProcessor = withSettleLog(BatchProcessor);
        await fc.assert(
          fc.asyncProperty(batchArb({ invalid: true }), async (specs) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            const processor = new SettleCountingProcessor(source.eventType, { dto: ItemDto, logger: silentLogger });
            const handler = (item: ItemDto, _record: BatchRecord, _lambda: Context | undefined, ctx: RecordContext) =>
              script.play(ctx.index, { dto: ItemDto, value: item });

            // Act
            const result = await settle(() => processPartialResponse(event, handler, processor));

            // Assess
            const provisional = fromProcessor(processor, event.Records, processor, { batchItemFailures: [] });
            const response = expectDefaultVerdict(result, provisional, specs.length);
            const observed = { ...provisional, response };
            assessRun({
              source,
              script,
              records: event.Records,
              observed,
              ...resolvePolicy(source, { onError: undefined, concurrency: undefined }),
            });
            expect(processor.response(), 'response() lists every failure, even after a throw').to.deep.equal(response);
          }),
          RUNS,
        );
      });
    });

    describe(`${source.name}, processPartialResponseSync with BatchProcessorSync`, () => {
      it('holds for synchronous handlers with a DTO, under any policy', async () => {
        class ItemDto {
          @IsInt() @Min(0) i!: number;
        }
        const SettleCountingProcessor = withSettleLog(BatchProcessorSync);
        const sequential = schedulingArb.map((s): Scheduling => ({ ...s, concurrency: undefined }));
        fc.assert(
          fc.property(batchArb({ invalid: true, syncOnly: true }), sequential, (specs, scheduling) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            const processor = new SettleCountingProcessor(source.eventType, { dto: ItemDto, logger: silentLogger });
            const handler = (item: ItemDto, _record: BatchRecord, _lambda: Context | undefined, ctx: RecordContext) =>
              script.play(ctx.index, { dto: ItemDto, value: item });

            // Act
            const response = processPartialResponseSync(event, handler, processor, {
              ...schedulingOptions(scheduling),
              throwOnFullBatchFailure: false,
            });

            // Assess
            const observed = fromProcessor(processor, event.Records, processor, response);
            assessRun({ source, script, records: event.Records, observed, ...resolvePolicy(source, scheduling) });
          }),
          RUNS,
        );
      });
    });
  }
});
