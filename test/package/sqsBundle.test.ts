// SQS features of the packed package in an esbuild bundle (docs/bundling.md's CDK recipes), with the SDK left out
// of the bundle and supplied by the "runtime", as Lambda's Node.js runtimes supply it: on NODE_PATH for CommonJS,
// in a node_modules folder above the function for ES modules. Against the real SQS test server.
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromReceiveMessage } from 'batchkit/testing';
import { expect } from 'chai';
import { build } from 'esbuild';
import { createQueueWithDlq, drain, receive, sendMessages, sqsClientConfig, testSqsClient } from '../integration/support';
import { consumerProject, copyFixtures, repoVersion } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

const run = promisify(execFile);

const FORMATS = [
  { format: 'cjs' as const, file: 'index.js', runtimeSdk: 'NODE_PATH' },
  { format: 'esm' as const, file: 'index.mjs', runtimeSdk: 'node_modules above the function' },
];

describe('SQS features of the packed package in an esbuild bundle, the SDK from the runtime', function () {
  this.timeout(180_000);
  let project: string;
  let work: string;

  before(() => {
    project = consumerProject('bundle-sdk', [
      repoVersion('class-validator'),
      repoVersion('class-transformer'),
      repoVersion('reflect-metadata'),
      repoVersion('@aws-sdk/client-sqs'),
    ]);
    work = scratchDir('work-', project);
    copyFixtures(work, ['bundle/dto.ts', 'bundle/poison.ts']);
    writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true } }));
  });

  after(() => removeScratch(work));

  for (const { format, file, runtimeSdk } of FORMATS) {
    it(`${format}: moves a poison message to the DLQ, with @aws-sdk/client-sqs from ${runtimeSdk}`, async () => {
      // Prepare
      const client = testSqsClient();
      const queue = await createQueueWithDlq(client, `bundle-${format}`);
      await sendMessages(client, queue.url, [
        { MessageBody: JSON.stringify({ orderId: 'ORD-1', lines: [{ sku: 'a', qty: 1 }] }) },
        { MessageBody: JSON.stringify({ orderId: 'not an order', lines: [] }) },
      ]);
      const event = fromReceiveMessage({ Messages: await receive(client, queue.url) }, { queueArn: queue.arn });
      const runtime = scratchDir('lambda-');
      const taskDir = path.join(runtime, 'var', 'task');
      mkdirSync(taskDir, { recursive: true });
      await build({
        absWorkingDir: work,
        entryPoints: [path.join(work, 'bundle', 'poison.ts')],
        outfile: path.join(taskDir, file),
        bundle: true,
        platform: 'node',
        format,
        target: 'node22',
        minify: true,
        external: ['@aws-sdk/*'],
        logLevel: 'silent',
      });
      if (format === 'esm') symlinkSync(path.join(project, 'node_modules'), path.join(runtime, 'node_modules'));
      writeFileSync(
        path.join(taskDir, 'driver.mjs'),
        `const { handler } = await import('./${file}');
         const event = JSON.parse(process.env.EVENT);
         const response = await handler(event, { getRemainingTimeInMillis: () => 30000, awsRequestId: 'r-1' });
         process.stdout.write(JSON.stringify(response));`,
      );

      // Act
      const { stdout } = await run(process.execPath, ['driver.mjs'], {
        cwd: taskDir,
        env: {
          PATH: process.env.PATH,
          EVENT: JSON.stringify(event),
          SQS_CLIENT_CONFIG: JSON.stringify(sqsClientConfig()),
          ...(format === 'cjs' ? { NODE_PATH: path.join(project, 'node_modules') } : {}),
        },
      });

      // Assess
      expect(JSON.parse(stdout)).to.deep.equal({ batchItemFailures: [] });
      const dead = await drain(client, queue.dlqUrl);
      expect(dead.map((m) => m.Body)).to.deep.equal([event.Records[1]?.body]);
      removeScratch(runtime);
    });
  }
});
