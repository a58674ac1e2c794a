import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * The CLI of the batchkit installed in the user's project, when that is another copy than the one running (a global
 * or npx install): delegating to it makes the handler and the CLI share one copy of batchkit and its peers.
 */
export function projectCli(cwd: string, running: string): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(join(resolve(cwd), 'noop.js')).resolve('batchkit/package.json');
  } catch {
    return undefined;
  }
  const cli = join(manifest, '..', 'dist', 'cjs', 'cli', 'main.js');
  try {
    return realpathSync(cli) === realpathSync(running) ? undefined : cli;
  } catch {
    return undefined;
  }
}
