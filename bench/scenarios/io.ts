// Scenario 3a: I/O-bound records (each awaits a timer) at several concurrency bounds.
import {
  BatchProcessor as PtBatchProcessor,
  EventType as PtEventType,
  processPartialResponse as ptProcessPartialResponse,
} from '@aws-lambda-powertools/batch';
import { BatchProcessor, EventType, processPartialResponse, silentLogger } from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { handBounded, ioHandler } from '../fixtures/io';
import { isFailingIndex, ordersEvent } from '../fixtures/orders';
import { type Contestant, expectFailures, measure } from '../lib/harness';
import { group, medianOf, type ScenarioResult, type Target } from '../lib/results';
import type { BenchConfig } from './config';

export async function ioScenario(config: BenchConfig): Promise<ScenarioResult> {
  const context = lambdaContext({ timeoutMs: 6 * 3_600_000 });
  const { ioRecords: n, ioDelayMs: ms } = config;
  const event = ordersEvent(n);
  const handler = ioHandler(ms);
  const pt = new PtBatchProcessor(PtEventType.SQS);
  const expected = event.Records.filter((_, i) => isFailingIndex(i)).map((r) => r.messageId);
  const contestants: Contestant[] = [];
  for (const c of config.ioConcurrency) {
    const bk = new BatchProcessor(EventType.SQS, { logger: silentLogger, concurrency: c });
    contestants.push(
      { name: `hand-written bounded scheduler, c=${c}`, run: () => handBounded(event, c, handler) },
      { name: `batchkit BatchProcessor, concurrency ${c}`, run: () => processPartialResponse(event, handler, bk, { context }) },
    );
  }
  contestants.push(
    { name: 'Powertools parallel (unbounded)', run: () => ptProcessPartialResponse(event, handler, pt, { context }) },
    {
      name: 'Powertools sequential',
      run: () => ptProcessPartialResponse(event, handler, pt, { context, processInParallel: false }),
    },
  );
  const rows = await measure(contestants, {
    rounds: config.ioRounds,
    warmupRounds: 1,
    minSampleMs: 0,
    ops: 1,
    verify: expectFailures(expected),
  });
  // One group per bound, each against its own hand-written scheduler; Powertools rows are shown in every group.
  const groups = config.ioConcurrency.map((c) => {
    const mine = rows.filter((row) => row.name.endsWith(`c=${c}`) || row.name.endsWith(`concurrency ${c}`));
    const pts = rows.filter((row) => row.name.startsWith('Powertools'));
    const floor = Math.ceil(n / c) * ms;
    return group(`concurrency ${c} (arithmetic floor ${floor} ms)`, 'ms/batch', `hand-written bounded scheduler, c=${c}`, [
      ...mine,
      ...pts,
    ]);
  });
  const targets: Target[] = groups.map((g, i) => {
    const c = config.ioConcurrency[i] as number;
    return {
      label: `batchkit concurrency ${c} / hand-written scheduler`,
      target: '<= 1.10x',
      measured: medianOf(g, `batchkit BatchProcessor, concurrency ${c}`) / medianOf(g, `hand-written bounded scheduler, c=${c}`),
      unit: 'x',
    };
  });
  return {
    id: 'io',
    title: `I/O-bound: ${n} records x ${ms} ms awaited (10% fail)`,
    notes: [
      'Timers overshoot (typically 0.1-1 ms per 5 ms timer), so ceil(n/c) x delay is a loose floor.',
      'Powertools has no bound: Promise.all over every record, or one at a time.',
    ],
    groups,
    targets,
  };
}
