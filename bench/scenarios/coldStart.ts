// Scenario 4a: cold start: fresh node processes that only require a module, timed from outside (whole process)
// and inside (the require call alone). batchkit is the built CommonJS library (dist/cjs).
import { spawnSync } from 'node:child_process';
import { childEnv, ROOT } from '../lib/dist';
import { group, medianOf, type ScenarioResult } from '../lib/results';
import { summarize } from '../lib/stats';
import type { BenchConfig } from './config';

const PEERS = ['reflect-metadata', 'class-validator', 'class-transformer'];
interface Variant {
  name: string;
  modules: string[];
  extra?: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'bare node', modules: [] },
  { name: '@aws-lambda-powertools/batch', modules: ['@aws-lambda-powertools/batch'] },
  { name: 'peers alone (reflect-metadata + class-validator + class-transformer)', modules: PEERS },
  { name: 'batchkit', modules: ['batchkit'] },
  { name: 'peers + batchkit', modules: [...PEERS, 'batchkit'] },
  { name: '@aws-sdk/client-sqs', modules: ['@aws-sdk/client-sqs'], extra: true },
];

/** Runs one fresh process; returns its wall time (spawn to exit) and the time of its require calls. */
function coldRun(modules: readonly string[]): { wallMs: number; requireMs: number } {
  const requires = modules.map((m) => `require(${JSON.stringify(m)});`).join('');
  const code = `const t=process.hrtime.bigint();${requires}process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, env: childEnv(), encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`Cold start of [${modules.join(', ')}] failed: ${child.stderr}`);
  return { wallMs, requireMs: Number(child.stdout) };
}

export async function coldStartScenario(config: BenchConfig): Promise<ScenarioResult> {
  const wall: number[][] = VARIANTS.map(() => []);
  const inside: number[][] = VARIANTS.map(() => []);
  for (let round = -1; round < config.coldRounds; round++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const index = (k + round + 1) % VARIANTS.length;
      const { wallMs, requireMs } = coldRun((VARIANTS[index] as Variant).modules);
      if (round < 0) continue; // one warm-up round (fills the OS file cache)
      wall[index]?.push(wallMs);
      inside[index]?.push(requireMs);
    }
  }
  const rowsOf = (samples: number[][]) =>
    VARIANTS.map((variant, i) => ({
      name: variant.name,
      ...(variant.extra ? { extra: true } : {}),
      ...summarize(samples[i] as number[]),
    }));
  const wallGroup = group('process wall time (spawn to exit)', 'ms', 'bare node', rowsOf(wall));
  const requireGroup = group(
    'require() time inside the process',
    'ms',
    '@aws-lambda-powertools/batch',
    rowsOf(inside).filter((row) => row.name !== 'bare node'),
  );
  return {
    id: 'coldStart',
    title: 'Cold start: fresh node processes (built dist/cjs for batchkit)',
    notes: [
      'Each sample is a new `node -e "require(...)"` process, variants interleaved; the OS file cache is warm.',
      'In-process require time is measured with hrtime around the require calls in the child.',
    ],
    groups: [wallGroup, requireGroup],
    targets: [
      {
        label: 'wall: (peers + batchkit) / peers alone',
        target: '<= 1.20x',
        measured: medianOf(wallGroup, 'peers + batchkit') / medianOf(wallGroup, VARIANTS[2]?.name as string),
        unit: 'x',
      },
      {
        label: 'wall: batchkit (no DTO handler) / @aws-lambda-powertools/batch',
        target: '<= 1.10x',
        measured: medianOf(wallGroup, 'batchkit') / medianOf(wallGroup, '@aws-lambda-powertools/batch'),
        unit: 'x',
      },
      {
        label: "require('batchkit') inside a fresh process",
        target: '<= 10 ms',
        measured: medianOf(requireGroup, 'batchkit'),
        unit: 'ms',
      },
    ],
  };
}
