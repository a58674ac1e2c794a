// Builds the package: one bundled file per entry point (a cold start then resolves a handful of files instead of
// dozens), as CommonJS in dist/cjs and ES modules in dist/esm, with tsc's declarations beside them.
// Peer and optional dependencies stay external: class-validator, class-transformer and @aws-sdk/client-sqs are
// loaded on first use, and the user's copy of each is the one batchkit shares.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
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

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const [format, dir] of [
  ['cjs', 'dist/cjs'],
  ['esm', 'dist/esm'],
]) {
  const common = { bundle: true, platform: 'node', target: 'node20', format, sourcemap: true, external, logLevel: 'warning' };
  await build({ ...common, entryPoints: [path.join(src, 'index.ts')], outfile: path.join(root, dir, 'index.js') });
  await build({
    ...common,
    entryPoints: [path.join(src, 'testing.ts')],
    outfile: path.join(root, dir, 'testing.js'),
    plugins: [shareMainEntry],
  });
  if (format === 'cjs')
    await build({ ...common, entryPoints: [path.join(src, 'cli/main.ts')], outfile: path.join(root, dir, 'cli/main.js') });
  writeFileSync(path.join(root, dir, 'package.json'), `${JSON.stringify({ type: format === 'cjs' ? 'commonjs' : 'module' })}\n`);
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', dir], {
    cwd: root,
    stdio: 'inherit',
  });
}
