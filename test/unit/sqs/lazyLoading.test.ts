import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';

const root = path.resolve(__dirname, '../../..');

/** Runs the fixture in a fresh Node process (the test process itself has loaded the SDK long ago). */
function runFixture(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register', '-r', './test/setup/aliases.ts', 'test/unit/sqs/fixtures/plainInvocation.ts'],
      { cwd: root, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`fixture failed: ${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>);
      },
    );
  });
}

describe('lazy loading of @aws-sdk/client-sqs', () => {
  it('a plain partial-response invocation never loads it; legacy mode with a failure does', async function () {
    this.timeout(40_000);
    // Prepare / Act
    const found = await runFixture();

    // Assess
    expect(found.atStart).to.equal(false);
    expect(found.afterPlain).to.equal(false);
    expect((found.responses as { batchItemFailures: unknown[] }[]).map((r) => r.batchItemFailures.length)).to.deep.equal([
      1, 1, 0,
    ]);
    expect(found.legacyError).to.equal('SQS_BATCH_PROCESSING_FAILED');
    expect(found.afterLegacy).to.equal(true);
  });
});
