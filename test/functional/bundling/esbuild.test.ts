import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { SQSEvent } from 'aws-lambda';
import { silentLogger } from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import { build } from 'esbuild';
import { OrderHandler } from '../../../samples/sqs-orders/handler';
import { OrderStore } from '../../../samples/sqs-orders/store';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const EVENTS = ['orders.json', 'orders-valid.json'].map((name) => join(ROOT, 'samples/sqs-orders/events', name));

/** Bundles a handler as CDK's NodejsFunction and SAM's esbuild builder do (esbuild: no decorator metadata). */
async function bundle(entry: string, outdir: string): Promise<string> {
  const outfile = join(outdir, 'index.js');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'silent',
    external: ['@aws-sdk/*'], // as CDK does for Node.js 18+ runtimes, which ship the SDK
    alias: { batchkit: join(ROOT, 'src/index.ts') },
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
  });
  return outfile;
}

/** Runs a bundle's handler in a fresh node process, as Lambda would, and returns its response or error code. */
async function invokeBundle(bundlePath: string, eventPath: string): Promise<{ response?: unknown; errorCode?: string }> {
  const driver = `
    const { handler } = require(${JSON.stringify(bundlePath)});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventPath)}, 'utf8'));
    const context = { getRemainingTimeInMillis: () => 30000, functionName: 'bundled', awsRequestId: 'r' };
    handler(event, context).then(
      (response) => process.stdout.write(JSON.stringify({ response })),
      (error) => process.stdout.write(JSON.stringify({ errorCode: error.code ?? error.name })),
    );`;
  const { stdout } = await run(process.execPath, ['-e', driver], { cwd: ROOT });
  return JSON.parse(stdout);
}

describe('bundling with esbuild', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'batchkit-esbuild-'));
  });

  it('validates exactly as the tsc build does when the record handler names its dto', async () => {
    // Prepare
    const bundled = await bundle(join(ROOT, 'test/fixtures/bundling/explicit-handler.ts'), join(dir, 'explicit'));

    for (const eventPath of EVENTS) {
      const event = JSON.parse(readFileSync(eventPath, 'utf8')) as SQSEvent;
      const viaTsc = await new OrderHandler(new OrderStore(), silentLogger).handler(event, lambdaContext());

      // Act
      const viaBundle = await invokeBundle(bundled, eventPath);

      // Assess
      expect(viaBundle).to.deep.equal({ response: viaTsc });
    }
  });

  it('fails the first invocation with MissingTypeMetadataError when the handler relies on inference', async () => {
    // Prepare
    const bundled = await bundle(join(ROOT, 'samples/sqs-orders/handler.ts'), join(dir, 'inferred'));

    // Act
    const result = await invokeBundle(bundled, EVENTS[1] as string);

    // Assess
    expect(result).to.deep.equal({ errorCode: 'MISSING_TYPE_METADATA' });
  });
});
