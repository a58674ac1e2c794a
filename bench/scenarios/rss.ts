// Scenario 5: peak RSS of one large batch, each run in a fresh process (the child is bench/child/rssChild.ts,
// bundled with esbuild; batchkit is the built dist/cjs, other packages load from node_modules).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ordersEvent } from '../fixtures/orders';
import { buildRssChild, type ChildReport, runRssChild } from '../lib/child';
import { scratchDir } from '../lib/dist';
import { absoluteGroup, type Group, group, medianOf, type ScenarioResult } from '../lib/results';
import { summarize } from '../lib/stats';
import type { BenchConfig } from './config';

const NO_DTO = [
  { mode: 'hand', name: 'hand-written loop' },
  { mode: 'batchkit-procedural', name: 'batchkit processPartialResponse' },
  { mode: 'batchkit-decorator', name: 'batchkit @BatchHandler (no DTO)' },
  { mode: 'powertools-parallel', name: 'Powertools BatchProcessor (parallel)' },
];
const DTO = [
  { mode: 'raw-dto', name: 'raw plainToInstance + validateSync loop' },
  { mode: 'batchkit-decorator-dto', name: 'batchkit @BatchHandler + OrderDto' },
  { mode: 'batchkit-sync-dto', name: 'batchkit BatchProcessorSync({ dto })', extra: true },
];

export async function rssScenario(config: BenchConfig): Promise<ScenarioResult> {
  const dir = scratchDir();
  try {
    return await measureRss(config, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureRss(config: BenchConfig, dir: string): Promise<ScenarioResult> {
  const child = await buildRssChild(dir);
  const eventFile = path.join(dir, `event-${config.rssSize}.json`);
  writeFileSync(eventFile, JSON.stringify(ordersEvent(config.rssSize)));
  const expectedFailures = config.rssSize / 10;

  const all = [...NO_DTO, ...DTO];
  const reports: ChildReport[][] = all.map(() => []);
  for (let round = 0; round < config.rssRounds; round++) {
    for (let k = 0; k < all.length; k++) {
      const index = (k + round) % all.length;
      const report = runRssChild(child, all[index]?.mode as string, eventFile);
      if (report.failures !== expectedFailures)
        throw new Error(`RSS child ${all[index]?.mode} reported ${report.failures} failures.`);
      reports[index]?.push(report);
    }
  }
  const rows = (list: typeof all, pick: (r: ChildReport) => number) =>
    list.map((c) => ({
      name: c.name,
      ...('extra' in c ? { extra: true } : {}),
      ...summarize((reports[all.indexOf(c)] as ChildReport[]).map(pick)),
    }));
  const aboveEvent = (r: ChildReport) => r.batchPeakMiB - r.rssBeforeMiB;
  const hand = NO_DTO[0]?.name as string;
  const raw = DTO[0]?.name as string;
  const groups: Group[] = [
    group(
      'no DTO: peak RSS of the process',
      'MiB',
      hand,
      rows(NO_DTO, (r) => r.peakMiB),
    ),
    absoluteGroup('no DTO: peak above the loaded event', 'MiB', rows(NO_DTO, aboveEvent)),
    group(
      'DTO: peak RSS of the process',
      'MiB',
      raw,
      rows(DTO, (r) => r.peakMiB),
    ),
    absoluteGroup('DTO: peak above the loaded event', 'MiB', rows(DTO, aboveEvent)),
    group(
      'first invocation (10 records) in the fresh process: time',
      'ms',
      hand,
      rows(all, (r) => r.firstCallMs),
    ),
    absoluteGroup(
      'first invocation (10 records): RSS it added',
      'MiB',
      rows(all, (r) => r.firstCallRssMiB),
    ),
  ];
  const [peak, , dtoPeak, dtoAbove] = groups as [Group, Group, Group, Group];
  const resetNote = reports.flat().every((r) => r.peakReset)
    ? []
    : ['The high-water mark could not be reset on this system: "above the loaded event" then includes loading the event.'];
  return {
    id: 'rss',
    title: `Peak RSS, one ${config.rssSize}-record batch per fresh process`,
    notes: [
      'Peak RSS is the process high-water mark (process.resourceUsage().maxRSS), what Lambda reports as Max Memory Used.',
      'Each child loads the event, runs a first invocation of 10 records (timed: plans are built, lazy modules loaded), then the batch.',
      '"Above the loaded event" = high-water mark during the batch (reset before it via /proc/self/clear_refs) - RSS right before.',
      'It includes V8 growing its young generation to working size: even the raw loop, which keeps nothing, shows some MiB.',
      'Every child loads the same modules (class-validator included), so the differences come from processing the batch.',
      ...resetNote,
    ],
    groups,
    targets: [
      ...[NO_DTO[1], NO_DTO[2]].map((c) => ({
        label: `peak RSS: ${c?.name} / hand loop`,
        target: '<= 1.20x',
        measured: medianOf(peak, c?.name as string) / medianOf(peak, hand),
        unit: 'x',
      })),
      {
        label: `peak RSS: ${DTO[1]?.name} / raw DTO loop`,
        target: '(none; for reading)',
        measured: medianOf(dtoPeak, DTO[1]?.name as string) / medianOf(dtoPeak, raw),
        unit: 'x',
      },
      {
        label: `DTO batch of ${config.rssSize}: ${DTO[1]?.name}, peak above the event`,
        target: '<= 15 MiB',
        measured: medianOf(dtoAbove, DTO[1]?.name as string),
        unit: 'MiB',
      },
    ],
  };
}
