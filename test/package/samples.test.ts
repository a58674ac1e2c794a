// Each sample of samples/ built as its template.yaml tells `sam build` to build it, from the packed package: the
// sample folder copied alone (as a user copies it), its package.json installed with batchkit from the tarball, the
// build its function's Metadata describes (esbuild with the options SAM derives from BuildProperties, or the
// Makefile's build-<LogicalId> target), then the built artifact run in a fresh node process, as Lambda runs it, on
// each of the sample's events/*.json. The template is read, not restated, so a template that SAM could not build as
// written fails here.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FAILURE_ATTRIBUTE, type FailureNote } from 'batchkit';
import { expect } from 'chai';
import { parseDocument, type ScalarTag } from 'yaml';
import { drain } from '../integration/support';
import { manifestProject, type PackageManifest, ROOT, repoVersion } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

const run = promisify(execFile);

const SAMPLES_DIR = path.join(ROOT, 'samples');
const RUNTIMES = ['nodejs22.x', 'nodejs24.x'];
/** What the sample's driver sets up as Lambda would: the region of the sample events' ARNs. */
const REGION = 'eu-west-1';

/** What a sample's function does with one of its events: the records it reports, and how. */
interface EventExpectation {
  /** Indexes of the records in the response's `batchItemFailures`, in that order. */
  failed: number[];
  /** The invocation throws an error with this `code` (carrying the response) instead of returning the response. */
  throws?: string;
  /** Legacy mode: how many messages the function deleted itself (the thrown error's `deleted`). */
  deleted?: number;
  /** Indexes of the records the function moved to the dead-letter queue. */
  deadLettered?: number[];
}

interface SampleCase {
  sample: string;
  /** How the sample's event source names a record in `batchItemFailures`. */
  itemIdentifier: (record: EventRecord) => string;
  /** The function calls SQS (legacy deletes, the DLQ): run it against a real SQS server. */
  sqs?: boolean;
  /** Every file of the sample's events/ folder, with what the built function does with it. */
  events: Record<string, EventExpectation>;
}

interface EventRecord {
  messageId?: string;
  eventSourceARN?: string;
  kinesis?: { sequenceNumber: string };
  dynamodb?: { SequenceNumber?: string };
}

const messageId = (record: EventRecord) => record.messageId as string;
const sequenceNumber = (record: EventRecord) => (record.kinesis?.sequenceNumber ?? record.dynamodb?.SequenceNumber) as string;

/** The responses test/functional/samples.test.ts and test/integration/sqsLegacySample.test.ts expect of the sources. */
const SAMPLES: SampleCase[] = [
  {
    sample: 'sqs-orders',
    itemIdentifier: messageId,
    events: { 'orders.json': { failed: [1, 2, 3] }, 'orders-valid.json': { failed: [] } },
  },
  {
    sample: 'kinesis-clickstream',
    itemIdentifier: sequenceNumber,
    events: {
      'clicks.json': { failed: [2, 3] },
      'clicks-valid.json': { failed: [] },
      'clicks-malformed.json': { failed: [0, 1], throws: 'FULL_BATCH_FAILURE' },
    },
  },
  {
    sample: 'dynamodb-users',
    itemIdentifier: sequenceNumber,
    events: { 'user-changes.json': { failed: [3, 4] }, 'user-changes-valid.json': { failed: [] } },
  },
  {
    sample: 'sqs-legacy',
    itemIdentifier: messageId,
    sqs: true,
    events: {
      'refunds.json': { failed: [2], throws: 'SQS_BATCH_PROCESSING_FAILED', deleted: 4, deadLettered: [1, 3] },
      'refunds-valid.json': { failed: [], deadLettered: [] },
    },
  },
];

// ---- the template, as SAM reads it ----

/** CloudFormation's short-form intrinsic functions the templates use, read as their long form. */
const CLOUDFORMATION_TAGS: ScalarTag[] = [
  { tag: '!Ref', resolve: (value) => ({ Ref: value }) },
  { tag: '!GetAtt', resolve: (value) => ({ 'Fn::GetAtt': value.split('.') }) },
  { tag: '!Sub', resolve: (value) => ({ 'Fn::Sub': value }) },
];

interface SamFunction {
  logicalId: string;
  codeUri: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  /** The function's environment variables (Environment.Variables), which Lambda sets for the function's process. */
  environment: Record<string, string>;
  metadata: { BuildMethod?: string; BuildProperties?: Record<string, unknown> };
}

/** The template's one AWS::Serverless::Function, its Globals.Function settings applied as SAM applies them. */
function samFunction(templateFile: string): SamFunction {
  const document = parseDocument(readFileSync(templateFile, 'utf8'), { customTags: CLOUDFORMATION_TAGS });
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`${templateFile}: ${problems.join('; ')}`);
  const template = document.toJS() as {
    Globals?: { Function?: Record<string, unknown> };
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: SamFunction['metadata'] }>;
  };
  const functions = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Serverless::Function');
  if (functions.length !== 1) throw new Error(`${templateFile}: ${functions.length} functions, the test expects one`);
  const [logicalId, resource] = functions[0] as [string, (typeof template.Resources)[string]];
  const globals = template.Globals?.Function ?? {};
  const properties = { ...globals, ...resource.Properties };
  const variables = (settings: Record<string, unknown>) =>
    (settings.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {};
  return {
    logicalId,
    codeUri: String(properties.CodeUri),
    handler: String(properties.Handler),
    runtime: String(properties.Runtime),
    timeoutSeconds: Number(properties.Timeout ?? 3),
    environment: { ...variables(globals), ...variables(resource.Properties ?? {}) },
    metadata: resource.Metadata ?? {},
  };
}

// ---- the build, as `sam build` runs it ----

/** BuildProperties that SAM's esbuild builder passes on (aws-lambda-builders, nodejs_npm_esbuild), by kind. */
const ESBUILD_FLAGS = {
  minify: 'boolean',
  sourcemap: 'boolean',
  target: 'value',
  format: 'value',
  main_fields: 'value',
  sources_content: 'value',
} as const;
const ESBUILD_LISTS = ['external', 'loader', 'out_extension', 'banner'];

/**
 * The esbuild command line SAM's esbuild builder makes of BuildProperties: `--bundle --platform=node --outdir`, its
 * defaults (es2020, cjs, minified) for what the properties leave out, then the properties, then the entry points.
 */
function esbuildArguments(properties: Record<string, unknown>, source: string, outdir: string): string[] {
  const config = Object.fromEntries(Object.entries(properties).map(([key, value]) => [snakeCase(key), value]));
  const args = ['--bundle', '--platform=node', `--outdir=${outdir}`];
  if (!('target' in config)) args.push('--target=es2020');
  if (!('format' in config)) args.push('--format=cjs');
  if (!('minify' in config)) args.push('--minify');
  for (const [key, value] of Object.entries(config)) {
    if (key === 'entry_points') continue;
    const kind = ESBUILD_FLAGS[key as keyof typeof ESBUILD_FLAGS];
    if (kind === 'boolean') {
      if (value === true) args.push(`--${kebabCase(key)}`);
    } else if (kind === 'value') {
      args.push(`--${kebabCase(key)}=${String(value)}`);
    } else if (ESBUILD_LISTS.includes(key)) {
      if (!Array.isArray(value)) throw new Error(`BuildProperties: ${key} must be a list`);
      for (const item of value) args.push(`--${kebabCase(key)}:${String(item)}`);
    } else {
      throw new Error(`BuildProperties: SAM's esbuild builder does not pass ${key} to esbuild`);
    }
  }
  const entryPoints = config.entry_points;
  if (!Array.isArray(entryPoints) || entryPoints.length === 0) throw new Error('BuildProperties: EntryPoints must be a list');
  for (const entry of entryPoints.map(String)) {
    const candidates = path.extname(entry) === '' ? [`${entry}.ts`, `${entry}.js`] : [entry];
    const found = candidates.find((candidate) => existsSync(path.join(source, candidate)));
    if (found === undefined) throw new Error(`BuildProperties: entry point ${entry} does not exist in CodeUri`);
    args.push(found);
  }
  return args;
}

const snakeCase = (pascal: string) => pascal.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase();
const kebabCase = (snake: string) => snake.replaceAll('_', '-');

/** Environment for the build tools: the test's node first on PATH (tools start with `#!/usr/bin/env node`), quiet npm. */
function buildEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
    NODE_OPTIONS: '',
    ...extra,
  };
}

/** Runs the build the function's Metadata describes, from `source` (the copy of CodeUri) into `artifacts`. */
async function samBuild(fn: SamFunction, source: string, artifacts: string): Promise<void> {
  const method = fn.metadata.BuildMethod;
  if (method === 'esbuild') {
    const args = esbuildArguments(fn.metadata.BuildProperties ?? {}, source, artifacts);
    await run(path.join(source, 'node_modules', '.bin', 'esbuild'), args, { cwd: source, env: buildEnvironment() });
  } else if (method === 'makefile') {
    await run('make', ['--makefile', path.join(source, 'Makefile'), `build-${fn.logicalId}`, `ARTIFACTS_DIR=${artifacts}`], {
      cwd: source,
      env: buildEnvironment({ ARTIFACTS_DIR: artifacts }),
    });
  } else {
    throw new Error(`${fn.logicalId}: BuildMethod ${String(method)} is neither esbuild nor makefile`);
  }
}

// ---- the built function, run as Lambda runs it ----

/**
 * Loads the handler from the task folder (`file.export`, file.js, .mjs or .cjs) in a fresh process and invokes it once
 * on an event. Writes `{ response }` or `{ thrown: { code, response, deleted } }` to the result file: the function's own
 * logs go to stdout and stderr, as on Lambda.
 */
const DRIVER = `'use strict';
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const [taskRoot, handlerSetting, eventFile, resultFile, timeoutMs] = process.argv.slice(2);
(async () => {
  const dot = handlerSetting.lastIndexOf('.');
  const [moduleName, exportName] = [handlerSetting.slice(0, dot), handlerSetting.slice(dot + 1)];
  const file = ['.js', '.mjs', '.cjs'].map((ext) => path.join(taskRoot, moduleName + ext)).find((f) => existsSync(f));
  if (file === undefined) throw new Error('no ' + moduleName + '.js, .mjs or .cjs in the task folder');
  const loaded = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  const handler = loaded[exportName];
  if (typeof handler !== 'function') throw new Error(exportName + ' is not a function of ' + file);
  const deadline = Date.now() + Number(timeoutMs);
  const context = {
    functionName: 'sample', functionVersion: '$LATEST', memoryLimitInMB: '512', awsRequestId: 'samples-test-1',
    invokedFunctionArn: 'arn:aws:lambda:${REGION}:123456789012:function:sample', logGroupName: '/aws/lambda/sample',
    logStreamName: 'samples-test', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let result;
  try {
    result = { response: await handler(JSON.parse(readFileSync(eventFile, 'utf8')), context) };
  } catch (error) {
    result = { thrown: { code: error?.code, response: error?.response, deleted: error?.deleted } };
  }
  writeFileSync(resultFile, JSON.stringify(result));
})().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exitCode = 70;
});
`;

/** What the driver reports. */
interface Invocation {
  response?: unknown;
  thrown?: { code?: string; response?: unknown; deleted?: number };
}

/** The invocation the test expects, in the driver's terms. */
function expectedInvocation(sample: SampleCase, records: EventRecord[], expected: EventExpectation): Invocation {
  const response = {
    batchItemFailures: expected.failed.map((i) => ({ itemIdentifier: sample.itemIdentifier(records[i] as EventRecord) })),
  };
  if (expected.throws === undefined) return { response };
  return {
    thrown: { code: expected.throws, response, ...(expected.deleted === undefined ? {} : { deleted: expected.deleted }) },
  };
}

// ---- a real SQS server for the samples that call SQS ----

/** A fauxqs server in a process of its own (as test/integration/sqsServer.ts starts it), on a free loopback port. */
async function startSqsServer(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', path.join(ROOT, 'test/integration/fauxqsProcess.mjs')],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const listening = once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line');
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The SQS server exited before it listened (exit code ${String(code)})`);
  });
  const [line] = (await Promise.race([listening, exited])) as [string];
  exited.catch(() => undefined);
  const { port } = JSON.parse(line) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}

/** The source queue the sample's events name, with a dead-letter queue (as the template's RedrivePolicy sets it). */
async function createQueues(client: SQSClient, queueArn: string): Promise<{ dlqUrl: string }> {
  const name = queueArn.split(':').pop() as string;
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqAttributes = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const redrive = JSON.stringify({ deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn, maxReceiveCount: 5 });
  await client.send(new CreateQueueCommand({ QueueName: name, Attributes: { RedrivePolicy: redrive } }));
  return { dlqUrl: dlq.QueueUrl as string };
}

describe('samples/*/template.yaml built as SAM builds them, from the packed package, run as Lambda runs them', function () {
  this.timeout(300_000);
  /** What Lambda's Node.js runtimes have on NODE_PATH and batchkit's SQS features load: @aws-sdk/client-sqs. */
  let lambdaRuntime: string;

  before(() => {
    const sdk = '@aws-sdk/client-sqs';
    lambdaRuntime = manifestProject('samples-lambda-runtime', {
      name: 'lambda-runtime',
      private: true,
      dependencies: { [sdk]: repoVersion(sdk).slice(sdk.length + 1) },
    });
  });

  it('SAMPLES names every folder of samples/ that has a template.yaml', () => {
    // Prepare
    const folders = readdirSync(SAMPLES_DIR).filter((entry) => existsSync(path.join(SAMPLES_DIR, entry, 'template.yaml')));

    // Assess
    expect(SAMPLES.map((s) => s.sample).sort()).to.deep.equal(folders.sort());
  });

  for (const sample of SAMPLES) {
    describe(`samples/${sample.sample}`, () => {
      const sampleDir = path.join(SAMPLES_DIR, sample.sample);
      const eventFiles = readdirSync(path.join(sampleDir, 'events')).filter((file) => file.endsWith('.json'));
      let fn: SamFunction;
      let scratch: string;
      let source: string;
      let artifacts: string;
      let sqs: { endpoint: string; stop: () => Promise<void>; client: SQSClient; dlqUrl: string } | undefined;

      before(async () => {
        // Prepare: the sample folder alone, its package.json installed (batchkit from the tarball), built as SAM would
        fn = samFunction(path.join(sampleDir, 'template.yaml'));
        scratch = scratchDir(`samples-${sample.sample}-`);
        const copy = path.join(scratch, 'sample');
        cpSync(sampleDir, copy, {
          recursive: true,
          filter: (file) => !['node_modules', '.aws-sam', 'dist'].includes(path.basename(file)),
        });
        source = path.resolve(copy, fn.codeUri);
        const inside = path.relative(copy, source);
        if (inside.startsWith('..') || path.isAbsolute(inside)) {
          throw new Error(`template.yaml: CodeUri ${fn.codeUri} is outside the sample folder, which is all a user copies`);
        }
        const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as PackageManifest;
        const installed = manifestProject(`samples-${sample.sample}`, manifest);
        for (const entry of ['package.json', 'package-lock.json', 'node_modules']) {
          cpSync(path.join(installed, entry), path.join(source, entry), { recursive: true, verbatimSymlinks: true });
        }
        artifacts = path.join(scratch, 'artifacts');
        mkdirSync(artifacts);
        await samBuild(fn, source, artifacts);
        writeFileSync(path.join(scratch, 'driver.cjs'), DRIVER);
        if (sample.sqs === true) {
          const server = await startSqsServer();
          const client = new SQSClient({
            endpoint: server.endpoint,
            region: REGION,
            credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
            maxAttempts: 1,
          });
          const queueArn = (
            JSON.parse(readFileSync(path.join(sampleDir, 'events', eventFiles[0] as string), 'utf8')) as {
              Records: EventRecord[];
            }
          ).Records[0]?.eventSourceARN as string;
          sqs = { ...server, client, ...(await createQueues(client, queueArn)) };
        }
      });

      after(async () => {
        sqs?.client.destroy();
        await sqs?.stop();
        if (scratch !== undefined) removeScratch(scratch);
      });

      it(`template.yaml: Runtime ${RUNTIMES.join(' or ')}`, () => {
        // Assess
        expect(RUNTIMES).to.include(fn.runtime);
      });

      it('SAMPLES names exactly the files of events/', () => {
        // Assess
        expect(Object.keys(sample.events).sort()).to.deep.equal([...eventFiles].sort());
      });

      it('the sample type-checks against the packed package (npm run typecheck)', async () => {
        // Act
        const checked = await run('npm', ['run', '--silent', 'typecheck'], { cwd: source, env: buildEnvironment() }).then(
          () => 'ok',
          (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
        );

        // Assess
        expect(checked).to.equal('ok');
      });

      it('the artifacts folder holds what the function runs and nothing else of the sample', () => {
        // Assess: a bundle (and its map) alone, or compiled JavaScript with its production node_modules
        const built = readdirSync(artifacts).sort();
        if (fn.metadata.BuildMethod === 'esbuild') {
          expect(built).to.deep.equal(['handler.js', 'handler.js.map']);
        } else {
          expect(built).to.include.members(['handler.js', 'node_modules']);
          expect(built.filter((file) => file.endsWith('.ts') || file === 'events' || file === 'template.yaml')).to.deep.equal([]);
          const installed = readdirSync(path.join(artifacts, 'node_modules'));
          expect(installed).to.include.members(['batchkit', 'class-transformer', 'class-validator', 'reflect-metadata']);
          expect(installed).not.to.include('typescript');
        }
      });

      for (const file of eventFiles) {
        it(`events/${file}: the built function returns what the sample's tests expect`, async () => {
          // Prepare
          const expected = sample.events[file];
          expect(expected, `an expectation for events/${file} in SAMPLES`).not.to.equal(undefined);
          const eventFile = path.join(sampleDir, 'events', file);
          const records = (JSON.parse(readFileSync(eventFile, 'utf8')) as { Records: EventRecord[] }).Records;
          const resultFile = path.join(scratch, `result-${file}`);

          // Act: a fresh process in the task folder, with what Lambda's runtime puts around the function
          const logs = await run(
            process.execPath,
            [path.join(scratch, 'driver.cjs'), artifacts, fn.handler, eventFile, resultFile, String(fn.timeoutSeconds * 1000)],
            {
              cwd: artifacts,
              env: {
                ...fn.environment,
                PATH: process.env.PATH,
                NODE_PATH: path.join(lambdaRuntime, 'node_modules'),
                AWS_REGION: REGION,
                ...(sqs === undefined
                  ? {}
                  : { SQS_ENDPOINT: sqs.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }),
              },
            },
          );
          const invocation = JSON.parse(readFileSync(resultFile, 'utf8')) as Invocation;
          const deadLettered = sqs === undefined ? undefined : await drain(sqs.client, sqs.dlqUrl);

          // Assess
          expect(invocation, `the function's logs:\n${logs.stdout}${logs.stderr}`).to.deep.equal(
            expectedInvocation(sample, records, expected as EventExpectation),
          );
          if (expected?.deadLettered !== undefined) {
            const notes = (deadLettered ?? []).map(
              (message) => JSON.parse(message.MessageAttributes?.[FAILURE_ATTRIBUTE]?.StringValue ?? '{}') as FailureNote,
            );
            expect(notes.map((note) => note.messageId).sort()).to.deep.equal(
              expected.deadLettered.map((i) => records[i]?.messageId).sort(),
            );
          }
        });
      }
    });
  }
});
