// The packed package loaded by Node itself, without a bundler: `require` (CommonJS build) and `import` (ES module
// build) of both entry points, from plain .cjs / .mjs files in a consumer project.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { consumerProject, repoVersion } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

const run = promisify(execFile);

/** A DTO declared without TypeScript (decorators applied by hand), an SQS event with one valid and one invalid body. */
const DTO_AND_EVENT = `
  class Qty { qty; }
  IsInt()(Qty.prototype, 'qty'); Min(1)(Qty.prototype, 'qty');
  const event = sqsEvent([{ qty: 1 }, { qty: 0 }]);
  const invalid = [{ itemIdentifier: event.Records[1].messageId }];
  const attempt = (processor) => {
    try { return { response: processPartialResponseSync(event, () => {}, processor) }; }
    catch (error) { return { code: error.code }; }
  };
  const print = (value) => process.stdout.write(JSON.stringify({ ...value, invalid }));
`;

const ESM_PRELUDE = `
  import 'reflect-metadata';
  import { IsInt, Min } from 'class-validator';
  import { BatchProcessorSync, EventType, InvalidOptionError, loadDtoRuntime, processPartialResponseSync, silentLogger } from 'batchkit';
  import { fromReceiveMessage, sqsEvent } from 'batchkit/testing';
  ${DTO_AND_EVENT}
  const processor = () => new BatchProcessorSync(EventType.SQS, { dto: Qty, logger: silentLogger });
`;

const CJS_PRELUDE = `
  require('reflect-metadata');
  const { IsInt, Min } = require('class-validator');
  const { BatchProcessorSync, EventType, InvalidOptionError, processPartialResponseSync, silentLogger } = require('batchkit');
  const { fromReceiveMessage, sqsEvent } = require('batchkit/testing');
  ${DTO_AND_EVENT}
  const processor = () => new BatchProcessorSync(EventType.SQS, { dto: Qty, logger: silentLogger });
`;

/** Whether the testing entry's errors are the main entry's classes (one copy of each class). */
const SHARED_CLASSES = `
  let shared;
  try { fromReceiveMessage([{ MessageId: 'm', ReceiptHandle: 'r', Attributes: {} }], { queueArn: 'arn:aws:sqs:eu-west-1:1:q' }); }
  catch (error) { shared = error instanceof InvalidOptionError; }
`;

const CASES = [
  {
    title: 'ES module: synchronous DTO processing in the tick the processor was made asks for loadDtoRuntime()',
    file: 'same-tick.mjs',
    source: `${ESM_PRELUDE} print(attempt(processor()));`,
    expected: { code: 'DTO_RUNTIME_NOT_LOADED' },
  },
  {
    title: 'ES module: synchronous DTO processing works once the processor had a moment to load the peers',
    file: 'later.mjs',
    source: `${ESM_PRELUDE} const made = processor(); await new Promise((r) => setTimeout(r, 50)); print(attempt(made));`,
    expected: { response: 'invalid' },
  },
  {
    title: 'ES module: synchronous DTO processing works after await loadDtoRuntime()',
    file: 'loaded.mjs',
    source: `${ESM_PRELUDE} await loadDtoRuntime(); print(attempt(processor()));`,
    expected: { response: 'invalid' },
  },
  {
    title: 'CommonJS: synchronous DTO processing works at once',
    file: 'sync.cjs',
    source: `${CJS_PRELUDE} print(attempt(processor()));`,
    expected: { response: 'invalid' },
  },
  {
    title: 'ES module: batchkit/testing shares the main entry classes',
    file: 'shared.mjs',
    source: `${ESM_PRELUDE} ${SHARED_CLASSES} print({ shared });`,
    expected: { shared: true },
  },
  {
    title: 'CommonJS: batchkit/testing shares the main entry classes',
    file: 'shared.cjs',
    source: `${CJS_PRELUDE} ${SHARED_CLASSES} print({ shared });`,
    expected: { shared: true },
  },
];

describe('the packed package loaded by Node without a bundler', function () {
  this.timeout(180_000);
  let work: string;

  before(() => {
    const project = consumerProject('modules', [
      repoVersion('class-validator'),
      repoVersion('class-transformer'),
      repoVersion('reflect-metadata'),
    ]);
    work = scratchDir('modules-', project);
  });

  after(() => removeScratch(work));

  for (const { title, file, source, expected } of CASES) {
    it(title, async () => {
      // Prepare
      writeFileSync(path.join(work, file), source);

      // Act
      const { stdout, stderr } = await run(process.execPath, [file], { cwd: work });
      const result = JSON.parse(stdout) as { response?: unknown; invalid: unknown; code?: string; shared?: boolean };

      // Assess
      expect(stderr).to.equal('');
      const { invalid, ...rest } = result;
      expect(rest).to.deep.equal(
        expected.response === 'invalid' ? { response: { batchItemFailures: invalid } } : (expected as Record<string, unknown>),
      );
    });
  }

  it('CommonJS: a handler without DTOs never loads class-validator, class-transformer or the SQS SDK', async () => {
    // Prepare
    writeFileSync(
      path.join(work, 'plain.cjs'),
      `const { BatchHandler, EventType, RecordHandler, silentLogger } = require('batchkit');
       const { sqsEvent, lambdaContext } = require('batchkit/testing');
       class H { save(record) { if (record.body.includes('fail')) throw new Error('x'); } async handler() {} }
       RecordHandler(EventType.SQS, { dto: false })(H.prototype, 'save', Object.getOwnPropertyDescriptor(H.prototype, 'save'));
       Object.defineProperty(H.prototype, 'handler', BatchHandler({ logger: silentLogger })(H.prototype, 'handler', Object.getOwnPropertyDescriptor(H.prototype, 'handler')));
       const loaded = () => Object.keys(require.cache).filter((f) => /node_modules[\\\\/](class-validator|class-transformer|@aws-sdk)[\\\\/]/.test(f)).length;
       new H().handler(sqsEvent([{ ok: 1 }, { fail: 1 }]), lambdaContext()).then((response) =>
         process.stdout.write(JSON.stringify({ failed: response.batchItemFailures.length, loaded: loaded() })));`,
    );

    // Act
    const { stdout } = await run(process.execPath, ['plain.cjs'], { cwd: work });

    // Assess
    expect(JSON.parse(stdout)).to.deep.equal({ failed: 1, loaded: 0 });
  });
});
