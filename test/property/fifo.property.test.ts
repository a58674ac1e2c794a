import type { Context } from 'aws-lambda';
import {
  BatchHandler,
  type BatchOutcome,
  BatchProcessor,
  type BatchRecord,
  EventType,
  type PartialBatchResponse,
  processPartialResponse,
  type RecordContext,
  type RecordFailure,
  RecordHandler,
  type RecordSuccess,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';
import { expect } from 'chai';
import { IsInt, Min } from 'class-validator';
import fc from 'fast-check';
import { assessRun } from './assess.js';
import { batchArb, type RecordSpec, Script, sqsFifo, withSettleLog } from './batches.js';
import { fromOutcome, fromProcessor } from './observe.js';

const RUNS = { numRuns: 150 };
const source = sqsFifo;

/** Concurrency for runs with `skipGroupOnError`: groups may then run side by side. */
const concurrencyArb = fc.constantFrom<number | undefined>(undefined, 1, 2, 6);

/** Handler calls of each message group, in start order. */
function callsByGroup(script: Script): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const index of script.calls) {
    const group = (script.specs[index] as RecordSpec).group;
    groups.set(group, [...(groups.get(group) ?? []), index]);
  }
  return groups;
}

/** Asserts that no two records of one scope (the whole batch, or one group) ever ran at the same time. */
function expectOneAtATime(script: Script, scopeOf: (index: number) => number): void {
  const running = new Map<number, number>();
  for (const { index, edge } of script.timeline) {
    const scope = scopeOf(index);
    if (edge === 'start') {
      expect(running.has(scope), `record ${index} started while ${running.get(scope)} was running`).to.equal(false);
      running.set(scope, index);
    } else {
      expect(running.get(scope)).to.equal(index);
      running.delete(scope);
    }
  }
}

/** The FIFO rules beyond the common invariants: order of execution and which records ran. */
function assessFifo(script: Script, skipGroupOnError: boolean): void {
  const groupOf = (index: number) => (script.specs[index] as RecordSpec).group;
  if (!skipGroupOnError) {
    // one record at a time, in input order, and nothing after the first failure
    expect(script.calls).to.deep.equal([...script.calls].sort((a, b) => a - b));
    expectOneAtATime(script, () => 0);
    const firstFailure = script.specs.findIndex((spec) => spec.behaviour.kind !== 'ok');
    const last = firstFailure === -1 ? script.specs.length - 1 : firstFailure;
    const ran = script.specs.flatMap((spec, i) => (i <= last && spec.behaviour.kind !== 'invalid' ? [i] : []));
    expect(script.calls).to.deep.equal(ran);
    return;
  }
  // each group in input order, one record at a time, and a group stops at its first failure
  expectOneAtATime(script, groupOf);
  for (const [group, calls] of callsByGroup(script)) {
    expect(calls, `group ${group} runs in input order`).to.deep.equal([...calls].sort((a, b) => a - b));
    const members = script.specs.flatMap((spec, i) => (spec.group === group ? [i] : []));
    const firstFailure = members.find((i) => script.specs[i]?.behaviour.kind !== 'ok');
    const expected = members.filter(
      (i) => (firstFailure === undefined || i <= firstFailure) && script.specs[i]?.behaviour.kind !== 'invalid',
    );
    expect(calls, `group ${group} runs up to its first failure`).to.deep.equal(expected);
  }
}

describe('property: SQS FIFO rules hold for any interleaving of message groups', () => {
  for (const skipGroupOnError of [false, true]) {
    const label = skipGroupOnError ? 'with skipGroupOnError' : 'without skipGroupOnError';
    const concurrency = skipGroupOnError ? concurrencyArb : fc.constant(undefined);

    it(`decorator API, ${label}`, async () => {
      class ItemDto {
        @IsInt() @Min(0) i!: number;
      }
      await fc.assert(
        fc.asyncProperty(batchArb({ invalid: true, groups: 4 }), concurrency, async (specs, parallel) => {
          // Prepare
          const script = new Script(specs);
          const event = source.build(specs);
          class Handler {
            outcome: BatchOutcome | undefined;
            readonly hookCalls: number[] = [];

            @RecordHandler(EventType.SQS)
            handle(item: ItemDto, _record: BatchRecord, ctx: RecordContext) {
              return script.play(ctx.index, { dto: ItemDto, value: item });
            }

            @BatchHandler({
              skipGroupOnError,
              throwOnFullBatchFailure: false,
              logger: silentLogger,
              ...(parallel === undefined ? {} : { concurrency: parallel }),
            })
            async handler(_event: unknown, _context: Context | undefined, outcome?: BatchOutcome) {
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
          const response = (await instance.handler(event, undefined as unknown as Context)) as unknown as PartialBatchResponse;

          // Assess
          const observed = fromOutcome(instance.outcome, instance.hookCalls, response);
          const policy = skipGroupOnError ? 'skip-group' : 'stop';
          assessRun({ source, script, records: event.Records, observed, policy, deterministic: true });
          assessFifo(script, skipGroupOnError);
        }),
        RUNS,
      );
    });

    it(`processPartialResponse with BatchProcessor (FIFO from the ARN) or SqsFifoPartialProcessor, ${label}`, async () => {
      class ItemDto {
        @IsInt() @Min(0) i!: number;
      }
      const Detecting = withSettleLog(BatchProcessor);
      const Fifo = withSettleLog(SqsFifoPartialProcessor);
      await fc.assert(
        fc.asyncProperty(
          batchArb({ invalid: true, groups: 4 }),
          concurrency,
          fc.boolean(),
          async (specs, parallel, useFifoProcessor) => {
            // Prepare
            const script = new Script(specs);
            const event = source.build(specs);
            const options = { dto: ItemDto, logger: silentLogger };
            const processor = useFifoProcessor ? new Fifo(options) : new Detecting(EventType.SQS, options);
            const handler = (item: ItemDto, _record: BatchRecord, _lambda: Context | undefined, ctx: RecordContext) =>
              script.play(ctx.index, { dto: ItemDto, value: item });

            // Act
            const response = await processPartialResponse(event, handler, processor, {
              skipGroupOnError,
              throwOnFullBatchFailure: false,
              ...(parallel === undefined ? {} : { concurrency: parallel }),
            });

            // Assess
            const records = event.Records as BatchRecord[];
            const observed = fromProcessor(processor, records, processor, response);
            const policy = skipGroupOnError ? 'skip-group' : 'stop';
            assessRun({ source, script, records, observed, policy, deterministic: true });
            assessFifo(script, skipGroupOnError);
          },
        ),
        RUNS,
      );
    });
  }
});
