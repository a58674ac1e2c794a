// Builds the package: one bundled file per entry point (a cold start then resolves a handful of files instead of
// dozens), as CommonJS in dist/cjs and ES modules in dist/esm, with tsc's declarations beside them.
// Peer and optional dependencies stay external: class-validator, class-transformer and @aws-sdk/client-sqs are
// loaded on first use, and the user's copy of each is the one batchkit shares.
//   node scripts/build.mjs                 builds the repository's dist/
//   node scripts/build.mjs --root=<dir>    builds <dir>/dist from <dir>/src (a staging copy of the package, as
//                                          test/support/artifact.ts makes to pack it without touching dist/)
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { pruneDeclarations } from './declarations.mjs';

const repo = path.resolve(import.meta.dirname, '..');
const rootFlag = process.argv.find((arg) => arg.startsWith('--root='));
const root = rootFlag === undefined ? repo : path.resolve(rootFlag.slice('--root='.length));
const src = path.join(root, 'src');
const external = ['class-validator', 'class-transformer', 'reflect-metadata', '@aws-sdk/*', 'ts-node'];

/** In the testing entry, modules outside src/testing come from the main entry, so classes exist once. */
const shareMainEntry = {
  name: 'share-main-entry',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      const fromTesting = args.importer.startsWith(path.join(src, 'testing'));
      if (fromTesting && !target.startsWith(path.join(src, 'testing'))) return { path: './index.js', external: true };
      return undefined;
    });
  },
};

/**
 * The ES module build loads the DTO peers with `import()` only (src/dto/peers.esm.ts): a `require` there would
 * become esbuild's `__require` shim, which hides the peers from the user's bundler.
 */
const esmPeers = {
  name: 'esm-peers',
  setup(b) {
    b.onResolve({ filter: /^\.\/peers\.js$/ }, (args) =>
      args.importer === path.join(src, 'dto', 'runtime.ts') ? { path: path.join(src, 'dto', 'peers.esm.ts') } : undefined,
    );
  },
};

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const [format, dir] of [
  ['cjs', 'dist/cjs'],
  ['esm', 'dist/esm'],
]) {
  const plugins = format === 'esm' ? [esmPeers] : [];
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format,
    sourcemap: true,
    sourcesContent: false,
    external,
    logLevel: 'warning',
  };
  await build({ ...common, entryPoints: [path.join(src, 'index.ts')], outfile: path.join(root, dir, 'index.js'), plugins });
  await build({
    ...common,
    entryPoints: [path.join(src, 'testing.ts')],
    outfile: path.join(root, dir, 'testing.js'),
    plugins: [shareMainEntry, ...plugins],
  });
  if (format === 'cjs')
    await build({ ...common, entryPoints: [path.join(src, 'cli/main.ts')], outfile: path.join(root, dir, 'cli/main.js') });
  writeFileSync(path.join(root, dir, 'package.json'), `${JSON.stringify({ type: format === 'cjs' ? 'commonjs' : 'module' })}\n`);
  const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', dir], {
    cwd: root,
    stdio: 'inherit',
  });
  pruneDeclarations(path.join(root, dir), ['index.d.ts', 'testing.d.ts']);
}
