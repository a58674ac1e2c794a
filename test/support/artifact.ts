// The package as users get it: built by scripts/build.mjs, packed by `npm pack`, installed from the tarball into
// consumer projects outside the repository (so nothing resolves into the repo's own node_modules).
// The tarball is cached in .cache/artifact/ by a hash of what goes into it; each consumer project is cached in
// the OS temp folder by the tarball and its package list, and older copies are removed when a new one is made.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(ROOT, '.cache', 'artifact');
/** What the tarball is made of: a change to any of these makes a new one. */
const INPUTS = [
  'src',
  'scripts/build.mjs',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.esm.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
];

let tarball: string | undefined;

/**
 * The path of `npm pack`'s tarball of the current sources (built and packed on first use, then cached). The package
 * is staged in a folder of its own (package.json, the docs it ships, the tsconfigs and src/) and built there, so
 * the repository's own dist/ is never touched and two test runs cannot pack each other's half-built files.
 */
export function packedTarball(): string {
  if (tarball !== undefined && existsSync(tarball)) return tarball;
  const hash = hashOf(INPUTS.map((input) => path.join(ROOT, input))).slice(0, 16);
  const target = path.join(CACHE, `batchkit-${hash}.tgz`);
  if (!existsSync(target)) {
    const staging = path.join(CACHE, `staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const input of INPUTS.filter((i) => !i.startsWith('scripts/')))
      cpSync(path.join(ROOT, input), path.join(staging, input), { recursive: true });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), `--root=${staging}`], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--loglevel=error'], { cwd: staging, encoding: 'utf8' }),
    ) as { filename: string }[];
    if (packed === undefined) throw new Error('npm pack reported no tarball');
    pruneOlderThan(CACHE, (f) => f.endsWith('.tgz'));
    renameSync(path.join(staging, packed.filename), target);
    rmSync(staging, { recursive: true, force: true });
  }
  tarball = target;
  return target;
}

/** `name@version` of a package as the repository's lock file installed it, so consumers get the same versions. */
export function repoVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return `${name}@${manifest.version}`;
}

/**
 * A consumer project in the OS temp folder with the packed batchkit and `packages` installed from the npm registry
 * (`name@version` specs), as `npm install` leaves it for a user. Made once per tarball and package list.
 */
export function consumerProject(name: string, packages: readonly string[]): string {
  const packed = packedTarball();
  const key = createHash('sha256')
    .update(path.basename(packed))
    .update('\0')
    .update(packages.join('\n'))
    .digest('hex')
    .slice(0, 16);
  const prefix = `batchkit-consumer-${name}-`;
  const dir = path.join(tmpdir(), `${prefix}${key}`);
  const done = path.join(dir, '.installed');
  if (existsSync(done)) return dir;
  pruneOlderThan(tmpdir(), (entry) => entry.startsWith(prefix));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true }, null, 2)}\n`,
  );
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', '--ignore-scripts', packed, ...packages],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return dir;
}

/** The parts of a package.json that installing it reads (the others are kept as they are). */
export interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * A project in the OS temp folder with `manifest` installed by `npm install` (dependencies and devDependencies, as for
 * a user who cloned a project with this package.json), its `batchkit` dependency, if it has one, replaced by the
 * packed tarball. Holds the package.json as installed (batchkit as `file:<tarball>`), package-lock.json and
 * node_modules. Made once per tarball and manifest, in a folder of its own that is renamed into place when complete,
 * so that a run never sees another run's half-made install.
 */
export function manifestProject(name: string, manifest: PackageManifest): string {
  const dependencies = { ...manifest.dependencies };
  if (dependencies.batchkit !== undefined) dependencies.batchkit = `file:${packedTarball()}`;
  const installed = `${JSON.stringify({ ...manifest, dependencies }, null, 2)}\n`;
  const prefix = `batchkit-consumer-${name}-`;
  const dir = path.join(tmpdir(), `${prefix}${createHash('sha256').update(installed).digest('hex').slice(0, 16)}`);
  if (existsSync(path.join(dir, 'package-lock.json'))) return dir;
  pruneOlderThan(tmpdir(), (entry) => entry.startsWith(prefix));
  const making = `${dir}.partial-${process.pid}`;
  rmSync(making, { recursive: true, force: true });
  mkdirSync(making, { recursive: true });
  writeFileSync(path.join(making, 'package.json'), installed);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', '--ignore-scripts'], {
    cwd: making,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    renameSync(making, dir);
  } catch (error) {
    // another run finished the same install first: keep its folder
    rmSync(making, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'package-lock.json'))) throw error;
  }
  return dir;
}

/** Copies fixture files (relative to test/package/fixtures) into a directory, keeping their relative paths. */
export function copyFixtures(into: string, files: readonly string[]): void {
  for (const file of files) {
    const target = path.join(into, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(path.join(ROOT, 'test/package/fixtures', file)));
  }
}

/**
 * Removes the matching entries of a folder that were last changed more than an hour ago: older tarballs and consumer
 * projects go, while one that another test run made moments ago (and may be installing from) stays.
 */
function pruneOlderThan(dir: string, matches: (entry: string) => boolean, ageMs = 60 * 60 * 1000): void {
  for (const entry of readdirSync(dir).filter(matches)) {
    const file = path.join(dir, entry);
    try {
      if (Date.now() - statSync(file).mtimeMs > ageMs) rmSync(file, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

function hashOf(paths: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (file: string): void => {
    if (!existsSync(file)) return;
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) visit(path.join(file, entry));
      return;
    }
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  };
  for (const p of paths) visit(p);
  return hash.digest('hex');
}
