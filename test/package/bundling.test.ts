// The packed package bundled by esbuild as docs/bundling.md's recipes do (CDK NodejsFunction, SAM's esbuild
// builder), each as CommonJS and as an ES module, then run with no node_modules beside the bundle, as on Lambda.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { consumerProject, copyFixtures, repoVersion } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

const run = promisify(execFile);

/** The bundling options of each recipe in docs/bundling.md (as esbuild options). */
const RECIPES: Record<string, BuildOptions> = {
  'CDK NodejsFunction, OutputFormat.CJS': { format: 'cjs', target: 'node22', minify: true, sourcemap: true },
  'SAM BuildMethod esbuild, Format: cjs': { format: 'cjs', target: 'es2022', minify: true, sourcemap: true },
  'CDK NodejsFunction, OutputFormat.ESM': {
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
  },
  'SAM BuildMethod esbuild, Format: esm': { format: 'esm', target: 'es2022', minify: true, sourcemap: true },
};

/** Marks class-validator and class-transformer so that the bundle tells whether they were evaluated. */
const evaluationMarker: Plugin = {
  name: 'evaluation-marker',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]class-(validator|transformer)[\\/].*\.js$/ }, (args) => {
      const peer = /class-(validator|transformer)/.exec(args.path)?.[0] as string;
      const marker = `;(globalThis.__evaluatedPeers ??= new Set()).add(${JSON.stringify(peer)});\n`;
      return { contents: marker + readFileSync(args.path, 'utf8'), loader: 'js' };
    });
  },
};

interface BundleRun {
  response?: unknown;
  errorCode?: string;
  evaluatedAtLoad: string[];
  evaluatedAfterInvoke: string[];
  /** Process warnings and unhandled rejections seen while the bundle loaded and ran: there must be none. */
  escaped: string[];
}

/** An SQS record (batchkit/testing's) with a readable message id. */
const record = (messageId: string, body: unknown) => sqsRecord(body, { messageId });

const ORDER_EVENT = {
  Records: [
    record('m1', {
      orderId: 'ORD-1',
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
    }),
    record('m2', { orderId: 'ORD-2', lines: [{ sku: 'a', qty: 0 }] }),
    record('m3', '{ not json'),
  ],
};
const ORDER_RESPONSE = { batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }] };

const PLAIN_EVENT = { Records: [record('p1', { fail: false }), record('p2', { fail: true })] };
const PLAIN_RESPONSE = { batchItemFailures: [{ itemIdentifier: 'p2' }] };

describe('the packed package bundled with esbuild (docs/bundling.md recipes), run without node_modules', function () {
  this.timeout(180_000);
  let project: string;
  let work: string;
  /** A project where only batchkit is installed: no class-validator, no class-transformer. */
  let bareWork: string;

  before(() => {
    bareWork = scratchDir('work-', consumerProject('bundle-bare', []));
    copyFixtures(bareWork, ['bundle/plain.ts']);
    writeFileSync(path.join(bareWork, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true } }));
    project = consumerProject('bundle', [
      repoVersion('class-validator'),
      repoVersion('class-transformer'),
      repoVersion('reflect-metadata'),
    ]);
    work = scratchDir('work-', project);
    copyFixtures(work, ['bundle/dto.ts', 'bundle/decorated.ts', 'bundle/procedural.ts', 'bundle/plain.ts', 'bundle/inferred.ts']);
    writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { experimentalDecorators: true, strict: true } }),
    );
  });

  after(() => {
    removeScratch(work);
    removeScratch(bareWork);
  });

  /** Bundles an entry as the recipe says and copies the bundle alone into an empty folder. */
  async function bundle(recipe: BuildOptions, entry: string, from = work): Promise<string> {
    const extension = recipe.format === 'esm' ? '.mjs' : '.js';
    const outDir = scratchDir('bundle-');
    const outfile = path.join(outDir, `index${extension}`);
    const { warnings } = await build({
      ...recipe,
      absWorkingDir: from,
      entryPoints: [path.join(from, 'bundle', entry)],
      outfile,
      bundle: true,
      platform: 'node',
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
      plugins: [evaluationMarker],
    });
    expect(warnings.map((w) => w.text)).to.deep.equal([]);
    return outfile;
  }

  /** Loads the bundle in a fresh node process, as Lambda does, and invokes one of its exports on an event. */
  async function invoke(bundlePath: string, exportName: string, event: unknown): Promise<BundleRun> {
    const driver = path.join(path.dirname(bundlePath), 'driver.mjs');
    writeFileSync(
      driver,
      `const escaped = [];
       process.on('warning', (w) => escaped.push(\`warning \${w.name}: \${w.message}\`));
       process.on('unhandledRejection', (r) => escaped.push(\`unhandled rejection: \${r}\`));
       const peers = () => [...(globalThis.__evaluatedPeers ?? [])].sort();
       const loaded = await import(${JSON.stringify(`./${path.basename(bundlePath)}`)});
       const mod = loaded[${JSON.stringify(exportName)}] ? loaded : loaded.default;
       const evaluatedAtLoad = peers();
       const context = { getRemainingTimeInMillis: () => 30000, functionName: 'bundled', awsRequestId: 'r-1' };
       let result;
       try { result = { response: await mod[${JSON.stringify(exportName)}](${JSON.stringify(event)}, context) }; }
       catch (error) { result = { errorCode: error.code ?? error.name }; }
       await new Promise((resolve) => setTimeout(resolve, 50)); // let late warnings and rejections surface
       process.stdout.write(JSON.stringify({ ...result, evaluatedAtLoad, evaluatedAfterInvoke: peers(), escaped }));`,
    );
    const { stdout } = await run(process.execPath, [driver], { cwd: path.dirname(bundlePath), env: { PATH: process.env.PATH } });
    return JSON.parse(stdout) as BundleRun;
  }

  for (const [name, recipe] of Object.entries(RECIPES)) {
    describe(name, () => {
      const cases = [
        { title: 'a decorated handler with a nested DTO', entry: 'decorated.ts', exportName: 'handler' },
        { title: 'BatchProcessor with a nested DTO', entry: 'procedural.ts', exportName: 'handler' },
        { title: 'BatchProcessorSync with a nested DTO', entry: 'procedural.ts', exportName: 'syncHandler' },
      ];
      for (const { title, entry, exportName } of cases) {
        it(`validates ${title} with the bundled class-validator and class-transformer`, async () => {
          // Prepare
          const bundled = await bundle(recipe, entry);

          // Act
          const result = await invoke(bundled, exportName, ORDER_EVENT);

          // Assess
          expect(result.errorCode).to.equal(undefined);
          expect(result.response).to.deep.equal(ORDER_RESPONSE);
          expect(result.escaped).to.deep.equal([]);
          removeScratch(path.dirname(bundled));
        });
      }

      it('does not evaluate class-validator or class-transformer for a handler without DTOs', async () => {
        // Prepare
        const bundled = await bundle(recipe, 'plain.ts');

        // Act
        const result = await invoke(bundled, 'handler', PLAIN_EVENT);

        // Assess
        expect(result.response).to.deep.equal(PLAIN_RESPONSE);
        expect(result.evaluatedAtLoad).to.deep.equal([]);
        expect(result.evaluatedAfterInvoke).to.deep.equal([]);
        expect(result.escaped).to.deep.equal([]);
        removeScratch(path.dirname(bundled));
      });

      it('bundles and runs a handler without DTOs in a project without class-validator or class-transformer', async () => {
        // Prepare
        const bundled = await bundle(recipe, 'plain.ts', bareWork);

        // Act
        const result = await invoke(bundled, 'handler', PLAIN_EVENT);

        // Assess
        expect(result.response).to.deep.equal(PLAIN_RESPONSE);
        expect(result.escaped).to.deep.equal([]);
        removeScratch(path.dirname(bundled));
      });

      it('fails the first invocation with MISSING_TYPE_METADATA when a record handler relies on DTO inference', async () => {
        // Prepare
        const bundled = await bundle(recipe, 'inferred.ts');

        // Act
        const result = await invoke(bundled, 'handler', ORDER_EVENT);

        // Assess
        expect(result).to.include({ errorCode: 'MISSING_TYPE_METADATA' });
        expect(result.escaped).to.deep.equal([]);
        removeScratch(path.dirname(bundled));
      });
    });
  }
});
