import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { build } from 'esbuild';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');

/** The ES module build, made as scripts/build.mjs makes it, used from a plain .mjs file as an ESM user would. */
describe('the ES module build', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'batchkit-esm-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    await build({
      entryPoints: [join(ROOT, 'src/index.ts')],
      outfile: join(dir, 'batchkit.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      external: ['class-validator', 'class-transformer', 'reflect-metadata', '@aws-sdk/*'],
    });
  });

  async function runModule(source: string): Promise<unknown> {
    const file = join(dir, `case-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, source);
    const { stdout } = await run(process.execPath, [file], { cwd: dir });
    return JSON.parse(stdout);
  }

  const prelude = `
    import 'reflect-metadata';
    import { IsInt, Min } from 'class-validator';
    import * as batchkit from './batchkit.mjs';
    const { BatchProcessorSync, EventType, processPartialResponseSync, silentLogger } = batchkit;
    class Qty { qty; }
    IsInt()(Qty.prototype, 'qty'); Min(1)(Qty.prototype, 'qty');
    const event = { Records: [1, 0].map((qty, i) => ({ messageId: 'm' + i, body: JSON.stringify({ qty }), eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:1:q', attributes: {} })) };
    const processor = new BatchProcessorSync(EventType.SQS, { dto: Qty, logger: silentLogger });
    const attempt = () => { try { return processPartialResponseSync(event, () => {}, processor); } catch (e) { return { code: e.code }; } };
  `;

  it('asks for loadDtoRuntime() before synchronous DTO processing, with DtoRuntimeNotLoadedError', async () => {
    // Act
    const result = await runModule(`${prelude} process.stdout.write(JSON.stringify(attempt()));`);

    // Assess
    expect(result).to.deep.equal({ code: 'DTO_RUNTIME_NOT_LOADED' });
  });

  it('validates synchronously once loadDtoRuntime() has run', async () => {
    // Act
    const result = await runModule(
      `${prelude} await batchkit.loadDtoRuntime(); process.stdout.write(JSON.stringify(attempt()));`,
    );

    // Assess
    expect(result).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});
