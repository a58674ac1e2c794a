// The built library (dist/) that the fresh-process scenarios measure, and where their scratch files go.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../..');
export const DIST_CJS = path.join(ROOT, 'dist/cjs/index.js');
export const DIST_ESM = path.join(ROOT, 'dist/esm/index.js');

/**
 * Makes sure dist/ exists (builds it with the repo's build script when missing) and tells whether it is older
 * than the newest file in src/ (then the numbers of the built library may not match the sources).
 */
export function ensureDist(log: (line: string) => void): { stale: boolean } {
  if (!existsSync(DIST_CJS) || !existsSync(DIST_ESM)) {
    log('dist/ is missing: building it (node scripts/build.mjs)...');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  }
  const stale = newestMtime(path.join(ROOT, 'src')) > statSync(DIST_CJS).mtimeMs;
  if (stale) log('warning: dist/ is older than src/; run `npm run build` first to measure the current sources.');
  return { stale };
}

/** A fresh scratch directory outside the repository (child bundles, event files). */
export function scratchDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'batchkit-bench-'));
}

/** The environment of a child process: without NODE_OPTIONS, so no loader or flag of the parent leaks in. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
