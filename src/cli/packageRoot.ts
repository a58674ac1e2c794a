import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of the first package.json named `batchkit` at or above `from` (the package a CLI file belongs to:
 * `dist/cjs/cli/` of an install, or `src/cli/` in the repository), with its version.
 */
export function batchkitPackage(from: string): { root: string; version: string } | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
        if (name === 'batchkit') return { root: dir, version: typeof version === 'string' ? version : 'unknown' };
      } catch {
        // not JSON: keep looking
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
