// `npm run bench`: builds the package, then runs the benchmark (bench/run.ts) on the pinned Node.js 22 runtime, the
// supported floor (Lambda's nodejs22.x), whatever the machine's own node is. Child processes the benchmark starts
// (cold start, peak RSS) use the same runtime. Extra arguments go to bench/run.ts:
//   npm run bench -- --quick          a smoke run
//   npm run bench -- --node=24        the other supported runtime
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureRuntimes, RUNTIMES } from './runtimes.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const nodeFlag = args.find((a) => a.startsWith('--node='));
const major = nodeFlag === undefined ? '22' : nodeFlag.slice('--node='.length);
const { [major]: node } = ensureRuntimes([major]);
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`Benchmark on Node.js ${RUNTIMES[major]}`);
const bench = spawnSync(
  node,
  [
    '--expose-gc',
    '-r',
    'ts-node/register',
    '-r',
    'reflect-metadata',
    '-r',
    './test/setup/aliases.ts',
    'bench/run.ts',
    ...args.filter((a) => a !== nodeFlag),
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(bench.status ?? 1);
