// The peak-RSS child process: bench/child/rssChild.ts bundled with esbuild into a scratch directory, and one run of it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { childEnv, DIST_CJS, ROOT } from './dist';

/** What one child prints. */
export interface ChildReport {
  /** RSS with the modules and the event loaded, after a full GC, before any invocation. */
  rssEventMiB: number;
  /** The first invocation (10 records): its time, and the RSS it added. */
  firstCallMs: number;
  firstCallRssMiB: number;
  /** RSS right before the big batch (after the first invocation and a full GC). */
  rssBeforeMiB: number;
  /** The high-water mark during the big batch (reset before it where Linux allows), and of the whole process. */
  batchPeakMiB: number;
  peakMiB: number;
  peakReset: boolean;
  failures: number;
}

/** Keeps every bare import external, resolved to an absolute path (batchkit to dist/cjs), so the child runs from a temp dir. */
const externalFromRepo: Plugin = {
  name: 'external-from-repo',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (args.path === 'batchkit') return { path: DIST_CJS, external: true };
      if (args.path === 'batchkit/testing') return { path: path.join(path.dirname(DIST_CJS), 'testing.js'), external: true };
      return { path: require.resolve(args.path, { paths: [ROOT] }), external: true };
    });
  },
};

/** Bundles the child into `dir`; returns the path of the script. */
export async function buildRssChild(dir: string): Promise<string> {
  const child = path.join(dir, 'rssChild.js');
  await build({
    entryPoints: [path.join(ROOT, 'bench/child/rssChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: child,
    plugins: [externalFromRepo],
    logLevel: 'silent',
  });
  return child;
}

/** Runs one batch of `mode` in a fresh process. */
export function runRssChild(child: string, mode: string, eventFile: string): ChildReport {
  const run = spawnSync(process.execPath, ['--expose-gc', child, mode, eventFile], {
    cwd: ROOT,
    env: childEnv(),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`RSS child ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ChildReport;
}
