// Scenario 4b: bundle size: esbuild, bundled and minified, as a Lambda deployment would ship it
// (@aws-sdk/* external: the Lambda runtime provides it). batchkit comes from its built ES modules (dist/esm).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { DIST_ESM, ROOT } from '../lib/dist';
import { group, medianOf, type ScenarioResult } from '../lib/results';
import type { Summary } from '../lib/stats';

const PEERS = ['class-validator', 'class-transformer', 'reflect-metadata', '@aws-sdk/*'];

/** Resolves `batchkit` and `batchkit/testing` to the built ES modules, as a user's bundler would. */
const batchkitFromDist: Plugin = {
  name: 'batchkit-from-dist',
  setup(b) {
    b.onResolve({ filter: /^batchkit(\/testing)?$/ }, (args) => ({
      path: args.path === 'batchkit' ? DIST_ESM : path.join(path.dirname(DIST_ESM), 'testing.js'),
    }));
  },
};

interface Bundle {
  name: string;
  entry: { file: string } | { contents: string };
  external: string[];
  extra?: boolean;
}

async function bundleSize(bundle: Bundle): Promise<{ minified: number; gzip: number }> {
  const entry =
    'file' in bundle.entry
      ? { entryPoints: [bundle.entry.file] }
      : { stdin: { contents: bundle.entry.contents, resolveDir: ROOT, loader: 'ts' as const } };
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: bundle.external,
    plugins: [batchkitFromDist],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzip: gzipSync(code).byteLength };
}

export async function bundleScenario(): Promise<ScenarioResult> {
  const sample = path.join(ROOT, 'samples/sqs-orders/handler.ts');
  const handlerEntry = existsSync(sample) ? sample : path.join(ROOT, 'bench/fixtures/sqsOrdersHandler.ts');
  const bundles: Bundle[] = [
    {
      name: 'sqs-orders handler (DTO; class-validator + class-transformer bundled)',
      entry: { file: handlerEntry },
      external: ['@aws-sdk/*'],
    },
    {
      name: 'no-DTO handler (procedural)',
      entry: { file: path.join(ROOT, 'bench/fixtures/noDtoHandler.ts') },
      external: ['@aws-sdk/*'],
      extra: true,
    },
    { name: 'batchkit alone (every export, peers external)', entry: { contents: "export * from 'batchkit';" }, external: PEERS },
    {
      name: '@aws-lambda-powertools/batch alone (every export)',
      entry: { contents: "export * from '@aws-lambda-powertools/batch';" },
      external: PEERS,
    },
  ];
  const minified: (Summary & { name: string; extra?: boolean })[] = [];
  const gzipped: (Summary & { name: string; extra?: boolean })[] = [];
  for (const bundle of bundles) {
    const size = await bundleSize(bundle);
    const flag = bundle.extra ? { extra: true } : {};
    minified.push({ name: bundle.name, ...flag, ...single(size.minified / 1024) });
    gzipped.push({ name: bundle.name, ...flag, ...single(size.gzip / 1024) });
  }
  const baseline = '@aws-lambda-powertools/batch alone (every export)';
  const min = group('minified', 'KiB', baseline, minified);
  return {
    id: 'bundle',
    title: `Bundle size: esbuild --bundle --minify, platform node, cjs (${path.relative(ROOT, handlerEntry)})`,
    notes: [
      'The handler bundles include everything but @aws-sdk/* (provided by the Lambda runtime).',
      '"alone" bundles keep the peer dependencies external: they show what the library itself adds.',
    ],
    groups: [min, group('minified + gzip', 'KiB', baseline, gzipped)],
    targets: [
      {
        label: 'batchkit alone, minified',
        target: '<= 15 KB',
        measured: medianOf(min, 'batchkit alone (every export, peers external)'),
        unit: 'KiB',
      },
    ],
  };
}

function single(value: number): Summary {
  return { median: value, p25: value, p75: value, min: value, max: value, samples: 1 };
}
