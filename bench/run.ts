// The benchmark suite of issue 4: `npm run bench` (full, ~3 minutes) or `npm run bench -- --quick` (smoke run).
// Flags: --quick, --only=<id,id>, --out=<file> (default bench/results/latest.json).

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { ensureDist, ROOT } from './lib/dist';
import { resultsMarkdown } from './lib/markdown';
import { formatScenario } from './lib/print';
import { type BenchResults, SCENARIO_IDS, type ScenarioId, type ScenarioResult } from './lib/results';
import { bundleScenario } from './scenarios/bundle';
import { coldStartScenario } from './scenarios/coldStart';
import { type BenchConfig, benchConfig } from './scenarios/config';
import { dtoScenario } from './scenarios/dto';
import { fifoScenario } from './scenarios/fifo';
import { ioScenario } from './scenarios/io';
import { rssScenario } from './scenarios/rss';
import { throughputScenario } from './scenarios/throughput';

const SCENARIOS: Record<ScenarioId, (config: BenchConfig) => Promise<ScenarioResult>> = {
  throughput: throughputScenario,
  dto: dtoScenario,
  io: ioScenario,
  fifo: fifoScenario,
  coldStart: coldStartScenario,
  bundle: bundleScenario,
  rss: rssScenario,
};

function flag(name: string): string | undefined {
  const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : (arg.split('=')[1] ?? '');
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = benchConfig(flag('quick') !== undefined);
  const only = flag('only')?.split(',').filter(Boolean) as ScenarioId[] | undefined;
  const out = path.resolve(flag('out') || path.join(ROOT, 'bench/results/latest.json'));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') log('note: run node with --expose-gc for steadier samples.');
  const { stale } = ensureDist(log);

  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      platform: `${process.platform} ${process.arch}`,
      quick: config.quick,
      durationMs: 0,
      loadAverage: { start: loadavg()[0] ?? 0, end: 0 },
      distStale: stale,
    },
    scenarios: {},
  };
  log(
    `batchkit bench: ${results.meta.date}, node ${results.meta.node}, ${results.meta.nproc} CPUs (${results.meta.cpu}), load ${results.meta.loadAverage.start.toFixed(2)}${config.quick ? ', QUICK' : ''}\n`,
  );
  for (const id of SCENARIO_IDS) {
    if (only !== undefined && !only.includes(id)) continue;
    const t = Date.now();
    const result = await SCENARIOS[id](config);
    results.scenarios[id] = result;
    log(formatScenario(result));
    log(`   (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
  }
  results.meta.durationMs = Date.now() - started;
  results.meta.loadAverage.end = loadavg()[0] ?? 0;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${out.replace(/\.json$/, '')}.md`, resultsMarkdown(results));
  log(`Done in ${(results.meta.durationMs / 1000).toFixed(1)} s; results in ${path.relative(process.cwd(), out) || out}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
