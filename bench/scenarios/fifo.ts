// Scenario 3b: SQS FIFO, several message groups of I/O-bound records: batchkit runs groups concurrently
// (one record at a time per group), Powertools' FIFO processor runs the whole batch one record at a time.
import {
  SqsFifoPartialProcessorAsync as PtSqsFifoPartialProcessorAsync,
  processPartialResponse as ptProcessPartialResponse,
} from '@aws-lambda-powertools/batch';
import { processPartialResponse, SqsFifoPartialProcessor, silentLogger } from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { handFifoGroups, ioHandler } from '../fixtures/io';
import { fifoOrdersEvent } from '../fixtures/orders';
import { type Contestant, measure } from '../lib/harness';
import { group, medianOf, type ScenarioResult } from '../lib/results';
import type { BenchConfig } from './config';

const HAND = 'hand-written per-group chains';
const PT = 'Powertools SqsFifoPartialProcessorAsync';
const BK = 'batchkit SqsFifoPartialProcessor';
const VARIANTS = [
  { suffix: 'all succeed', withFailures: false },
  { suffix: 'one failure per group, skipGroupOnError', withFailures: true },
];

export async function fifoScenario(config: BenchConfig): Promise<ScenarioResult> {
  const context = lambdaContext({ timeoutMs: 6 * 3_600_000 });
  const { fifoGroups: groups, fifoPerGroup: perGroup, ioDelayMs: ms } = config;
  const handler = ioHandler(ms);
  const bk = new SqsFifoPartialProcessor({ logger: silentLogger, concurrency: groups });
  const pt = new PtSqsFifoPartialProcessorAsync();
  const contestants: Contestant[] = [];
  const expected = new Map<string, string[]>();
  for (const { suffix, withFailures } of VARIANTS) {
    const event = fifoOrdersEvent(groups, perGroup, withFailures);
    const options = { context, skipGroupOnError: true };
    for (const [name, run] of [
      [HAND, () => handFifoGroups(event, handler)],
      [`${BK}, concurrency ${groups}`, () => processPartialResponse(event, handler, bk, options)],
      [PT, () => ptProcessPartialResponse(event, handler, pt, options)],
    ] as const) {
      contestants.push({ name: `${name} | ${suffix}`, run });
    }
    expected.set(
      suffix,
      (await handFifoGroups(event, handler)).batchItemFailures.map((f) => f.itemIdentifier),
    );
  }
  const rows = await measure(contestants, {
    rounds: config.ioRounds,
    warmupRounds: 1,
    minSampleMs: 0,
    ops: 1,
    verify: (name, result) => {
      const want = expected.get(name.split(' | ')[1] as string) ?? [];
      const got = (result as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures.map((f) => f.itemIdentifier);
      if (got.join() !== want.join()) throw new Error(`${name} reported ${got.length} failures, expected ${want.length}.`);
    },
  });
  const resultGroups = VARIANTS.map(({ suffix }) =>
    group(
      `${groups} groups x ${perGroup} records, ${suffix}`,
      'ms/batch',
      PT,
      rows.filter((row) => row.name.endsWith(`| ${suffix}`)).map((row) => ({ ...row, name: row.name.split(' | ')[0] as string })),
    ),
  );
  return {
    id: 'fifo',
    title: `SQS FIFO: ${groups} message groups x ${perGroup} records x ${ms} ms, interleaved`,
    notes: [
      "Powertools' SqsFifoPartialProcessor is synchronous; SqsFifoPartialProcessorAsync is its variant for async handlers.",
      'Both run with skipGroupOnError. The baseline is Powertools (the target is a speed-up); the hand-written chains are the floor.',
      'With failures, a group stops at its failed record: Powertools skips those records too, so the possible speed-up is lower.',
    ],
    groups: resultGroups,
    targets: resultGroups.map((g, i) => ({
      label: `speed-up of ${BK} over ${PT}, ${VARIANTS[i]?.suffix}`,
      target: i === 0 ? '>= 8x' : '(for reading)',
      measured: medianOf(g, PT) / medianOf(g, `${BK}, concurrency ${groups}`),
      unit: 'x',
    })),
  };
}
