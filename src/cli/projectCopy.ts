import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { batchkitPackage } from './packageRoot.js';

/**
 * The CLI of the batchkit installed in the user's project, when that is another package than the one running (a
 * global or npx install): delegating to it makes the handler and the CLI share one copy of batchkit and its peers.
 * The running CLI's own package (its build in `dist/`, or its sources in the batchkit repository) is never
 * delegated to.
 */
export function projectCli(cwd: string, running: string): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(join(resolve(cwd), 'noop.js')).resolve('batchkit/package.json');
  } catch {
    return undefined;
  }
  const projectRoot = dirname(manifest);
  const runningRoot = batchkitPackage(dirname(running))?.root;
  const cli = join(projectRoot, 'dist', 'cjs', 'cli', 'main.js');
  try {
    if (runningRoot !== undefined && realpathSync(runningRoot) === realpathSync(projectRoot)) return undefined;
    return existsSync(cli) && realpathSync(cli) !== realpathSync(running) ? cli : undefined;
  } catch {
    return undefined;
  }
}
