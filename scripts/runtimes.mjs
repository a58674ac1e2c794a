// The Node.js runtimes the package supports (Lambda's nodejs22.x and nodejs24.x), installed from the npm registry's
// node-<platform>-<arch> packages into .cache/runtimes/ (git-ignored), so the suite runs on both whatever the
// machine's own node is. `node scripts/runtimes.mjs` installs them and prints their paths.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** The exact versions tested: bump them here (one line each) to move the suite to a newer patch release. */
export const RUNTIMES = { 22: '22.23.5', 24: '24.22.3' };

/** Where a runtime's `node` binary lives once installed. */
export function runtimePath(major) {
  const pkg = `node-${process.platform}-${process.arch}`;
  return path.join(root, '.cache', 'runtimes', `node-${major}`, 'node_modules', pkg, 'bin', 'node');
}

/** Installs any runtime that is missing or at another version; returns `{ major: path }`. */
export function ensureRuntimes(majors = Object.keys(RUNTIMES), log = (line) => process.stderr.write(`${line}\n`)) {
  const paths = {};
  for (const major of majors) {
    const version = RUNTIMES[major];
    if (version === undefined) throw new Error(`No pinned Node.js ${major} runtime (known: ${Object.keys(RUNTIMES).join(', ')})`);
    const binary = runtimePath(major);
    if (installedVersion(binary) !== `v${version}`) {
      const dir = path.join(root, '.cache', 'runtimes', `node-${major}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
      log(`Installing Node.js ${version} (node-${process.platform}-${process.arch}@${version}) into ${path.relative(root, dir)}`);
      execFileSync(
        'npm',
        [
          'install',
          '--no-save',
          '--no-package-lock',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          '--ignore-scripts',
          `node-${process.platform}-${process.arch}@${version}`,
        ],
        { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      const now = installedVersion(binary);
      if (now !== `v${version}`) throw new Error(`Node.js ${version} did not install at ${binary} (found ${now ?? 'nothing'})`);
    }
    paths[major] = binary;
  }
  return paths;
}

function installedVersion(binary) {
  if (!existsSync(binary)) return undefined;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [major, binary] of Object.entries(ensureRuntimes())) console.log(`${major}\t${binary}`);
}
