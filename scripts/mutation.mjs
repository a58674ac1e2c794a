// `npm run mutation`: StrykerJS over the folders in stryker.config.json, on the pinned Node.js 22 runtime (the
// supported floor). Not part of CI: a full run takes long on two cores. Extra arguments go to `stryker run`:
//   npm run mutation -- --mutate src/engine/indexHeap.ts      one file
// Reports: .cache/mutation/index.html and report.json (git-ignored).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureRuntimes } from './runtimes.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { 22: node } = ensureRuntimes(['22']);
const stryker = path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');
const run = spawnSync(node, [stryker, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
