// Scenario 1: throughput of the no-DTO path, a sync JSON handler, at several batch sizes.
import {
  BatchProcessor as PtBatchProcessor,
  BatchProcessorSync as PtBatchProcessorSync,
  EventType as PtEventType,
  processPartialResponse as ptProcessPartialResponse,
  processPartialResponseSync as ptProcessPartialResponseSync,
} from '@aws-lambda-powertools/batch';
import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { handLoop, recordHandlerClass } from '../fixtures/handlers';
import { handleOrderRecord, ordersEvent } from '../fixtures/orders';
import { expectFailures, measure } from '../lib/harness';
import { type Group, group, medianOf, type ScenarioResult, type Target } from '../lib/results';
import type { BenchConfig } from './config';

export const HAND = 'hand-written loop';
const PT_PARALLEL = 'Powertools BatchProcessor (parallel)';
const PT_SEQUENTIAL = 'Powertools BatchProcessor (sequential)';
const BK_DECORATOR = 'batchkit @BatchHandler (no DTO)';
const BK_PROCEDURAL = 'batchkit processPartialResponse';

export async function throughputScenario(config: BenchConfig): Promise<ScenarioResult> {
  // A context far from its deadline: in Lambda there always is one, and it switches on the time budget.
  const context = lambdaContext({ timeoutMs: 6 * 3_600_000 });
  const decorated = recordHandlerClass();
  const bkAsync = new BatchProcessor(EventType.SQS, { logger: silentLogger });
  const bkSync = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
  const ptAsync = new PtBatchProcessor(PtEventType.SQS);
  const ptSync = new PtBatchProcessorSync(PtEventType.SQS);
  const groups: Group[] = [];
  for (const size of config.throughputSizes) {
    const event = ordersEvent(size);
    const expected = handLoop(event).batchItemFailures.map((f) => f.itemIdentifier);
    const rows = await measure(
      [
        { name: HAND, run: () => handLoop(event) },
        { name: PT_PARALLEL, run: () => ptProcessPartialResponse(event, handleOrderRecord, ptAsync, { context }) },
        {
          name: PT_SEQUENTIAL,
          run: () => ptProcessPartialResponse(event, handleOrderRecord, ptAsync, { context, processInParallel: false }),
        },
        {
          name: 'Powertools BatchProcessorSync',
          extra: true,
          run: () => ptProcessPartialResponseSync(event, handleOrderRecord, ptSync, { context }),
        },
        { name: BK_PROCEDURAL, run: () => processPartialResponse(event, handleOrderRecord, bkAsync, { context }) },
        {
          name: 'batchkit processPartialResponseSync',
          extra: true,
          run: () => processPartialResponseSync(event, handleOrderRecord, bkSync, { context }),
        },
        { name: BK_DECORATOR, run: () => decorated(event, context) },
        { name: 'batchkit @BatchHandler (no DTO, no Lambda context)', extra: true, run: () => decorated(event) },
      ],
      {
        rounds: config.rounds,
        warmupRounds: config.warmupRounds,
        minSampleMs: config.minSampleMs,
        verify: expectFailures(expected),
      },
    );
    const g = group(`${size} records`, 'ms/batch', HAND, rows);
    for (const row of g.rows) row.perRecord = (row.median * 1e6) / size;
    groups.push(g);
  }
  return {
    id: 'throughput',
    title: 'Throughput, sync JSON handler, no DTO (10% of records fail)',
    notes: [
      'Every contestant runs the same handler (JSON.parse the body, total the order lines) on the same SQS event.',
      'A Lambda context is passed to every contestant, as in Lambda; batchkit then runs with its time budget on.',
      'Powertools "parallel" is its default Promise.all over all records; "sequential" is processInParallel: false.',
    ],
    groups,
    targets: groups.flatMap((g) => throughputTargets(g)),
  };
}

function throughputTargets(g: Group): Target[] {
  const hand = medianOf(g, HAND);
  const powertools = Math.min(medianOf(g, PT_PARALLEL), medianOf(g, PT_SEQUENTIAL));
  const targets: Target[] = [];
  for (const name of [BK_DECORATOR, BK_PROCEDURAL]) {
    const ms = medianOf(g, name);
    targets.push(
      { label: `${g.name}: ${name} / hand loop`, target: '<= 1.25x', measured: ms / hand, unit: 'x' },
      { label: `${g.name}: speed-up of ${name} over faster Powertools`, target: '>= 1.5x', measured: powertools / ms, unit: 'x' },
    );
  }
  return targets;
}
