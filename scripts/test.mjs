// `npm test`: type-checks everything once, then runs the whole mocha suite on each supported Node.js runtime
// (22 and 24, from scripts/runtimes.mjs), one after the other, and ends with one line per runtime.
//   npm test                      both runtimes
//   npm test -- --node=24         one runtime
//   npm test -- --node=22 test/unit/cli/projectCopy.test.ts   extra arguments go to mocha
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureRuntimes, RUNTIMES } from './runtimes.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const nodeFlag = args.find((a) => a.startsWith('--node='));
const majors = nodeFlag ? nodeFlag.slice('--node='.length).split(',') : Object.keys(RUNTIMES);
const mochaArgs = args.filter((a) => a !== nodeFlag);

const typecheck = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (typecheck.status !== 0) {
  console.error('Type check failed: no tests run.');
  process.exit(typecheck.status ?? 1);
}

const runtimes = ensureRuntimes(majors);
const results = [];
for (const major of majors) {
  console.log(`\n=== Node.js ${RUNTIMES[major]} ===`);
  const run = spawnSync(runtimes[major], [path.join(root, 'node_modules/mocha/bin/mocha.js'), ...mochaArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BATCHKIT_TEST_RUNTIME: major },
  });
  results.push({ major, status: run.status ?? 1 });
}

console.log('');
for (const { major, status } of results) console.log(`Node.js ${RUNTIMES[major]}: ${status === 0 ? 'passed' : 'FAILED'}`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
