// The `batchkit` command as npm links it (node_modules/.bin/batchkit of a consumer project that installed the packed
// tarball), run in a child process on the test's Node.js: exit codes, what goes to stdout and stderr, and how fast.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { consumerProject, copyFixtures, ROOT, repoVersion } from '../support/artifact';
import { removeScratch, scratchDir } from '../support/scratch';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/** Runs `<project>/node_modules/.bin/batchkit` with `args` in `cwd`; kills it (code null) after `killAfterMs`. */
function batchkit(project: string, cwd: string, args: readonly string[], options: { stdin?: string; killAfterMs?: number } = {}) {
  const bin = path.join(project, 'node_modules', '.bin', 'batchkit');
  const env = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' };
  return new Promise<Run>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Stderr is exactly one line from batchkit, with no stack frames. */
function expectOneLine(run: Run): string {
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines, `stderr:\n${run.stderr}`).to.have.length(1);
  expect(run.stderr).not.to.match(/^\s+at /m);
  expect(lines[0]).to.match(/^batchkit: /);
  return lines[0] as string;
}

/** An SQS event (batchkit/testing's records) with these bodies and message ids m1, m2, ..., as JSON. */
function sqsEventJson(bodies: readonly unknown[]): string {
  return JSON.stringify({ Records: bodies.map((body, i) => sqsRecord(JSON.stringify(body), { messageId: `m${i + 1}` })) });
}

const TWO_RECORDS = sqsEventJson([{ sku: 'a' }, { sku: 'b' }]);
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the batchkit command of the packed package', function () {
  this.timeout(300_000);

  describe('JavaScript handlers, in a project with batchkit alone', () => {
    let project: string;
    let work: string;
    let event: string;

    before(() => {
      project = consumerProject('cli-js', []);
      work = scratchDir('work-', project);
      copyFixtures(work, ['cli/handlers.js', 'cli/stdout.js', 'cli/null-exports.js', 'cli/decorated.js', 'cli/ts/handler.ts']);
      mkdirSync(path.join(work, 'a-directory'));
      event = path.join(work, 'event.json');
      writeFileSync(event, TWO_RECORDS);
    });

    after(() => removeScratch(work));

    const run = (args: readonly string[], options?: { stdin?: string; killAfterMs?: number }) =>
      batchkit(project, work, args, options);

    describe('export names and modules that cannot be a handler exit 2 with one line', () => {
      const cases: { name: string; spec: string; says: RegExp }[] = [
        { name: 'Object.prototype.constructor', spec: 'cli/handlers.js#constructor', says: /constructor/ },
        { name: 'Object.prototype.toString', spec: 'cli/handlers.js#toString', says: /toString/ },
        { name: 'Object.prototype.hasOwnProperty', spec: 'cli/handlers.js#hasOwnProperty', says: /hasOwnProperty/ },
        { name: 'module.exports = null', spec: 'cli/null-exports.js', says: /null/ },
        { name: 'a directory', spec: 'a-directory#handler', says: /directory/ },
        { name: 'a class whose constructor takes arguments', spec: 'cli/decorated.js#NeedsArguments', says: /NeedsArguments/ },
        { name: 'a class without a @BatchHandler method', spec: 'cli/decorated.js#NoEntry', says: /@BatchHandler/ },
        { name: 'a TypeScript handler without ts-node', spec: 'cli/ts/handler.ts', says: /ts-node/ },
      ];
      for (const { name, spec, says } of cases) {
        it(name, async () => {
          // Act
          const result = await run(['invoke', spec, '--event', event]);

          // Assess
          expect(result.code, result.stderr).to.equal(2);
          expect(expectOneLine(result)).to.match(says);
          expect(result.stdout).to.equal('');
        });
      }
    });

    describe('a handler that never settles', () => {
      for (const exportName of ['neverSettles', 'neverSettlesWithTimer']) {
        it(`${exportName}: exits non-zero naming the timeout, within a second of it`, async () => {
          // Act
          const result = await run(['invoke', `cli/handlers.js#${exportName}`, '--event', event, '--timeout', '500'], {
            killAfterMs: 10_000,
          });

          // Assess
          expect(result.code, result.stderr).to.be.a('number').and.not.equal(0);
          expect(expectOneLine(result))
            .to.match(/timeout|timed out/i)
            .and.match(/500/);
          expect(result.ms).to.be.below(500 + 1000 + 1000); // the timeout, a second, and the process's own start
        });
      }
    });

    describe('failures outside the invocation exit 1 with one line', () => {
      const cases = [
        { exportName: 'rejectsUnhandled', says: /unhandled.*rejected and forgotten/ },
        { exportName: 'throwsLater', says: /thrown from a timer/ },
      ];
      for (const { exportName, says } of cases) {
        it(exportName, async () => {
          // Act
          const result = await run(['invoke', `cli/handlers.js#${exportName}`, '--event', event, '--json']);

          // Assess
          expect(result.code, result.stderr).to.equal(1);
          expect(expectOneLine(result)).to.match(says);
        });
      }
    });

    it('keeps --json standard output one JSON document when the handler writes to process.stdout', async () => {
      // Act
      const result = await run(['invoke', 'cli/stdout.js', '--event', event, '--json']);

      // Assess
      expect(result.code, result.stderr).to.equal(0);
      const report = JSON.parse(result.stdout) as { logs: string[]; summary: { total: number } };
      expect(report.summary.total).to.equal(2);
      expect(report.logs.join('\n')).to.include('loading the module').and.include('raw write, in two parts');
      expect(report.logs).to.include('console.log line');
    });

    it('a plain function that throws: the event has 2 records, the error is named, the exit is non-zero', async () => {
      // Act
      const human = await run(['invoke', 'cli/handlers.js#plainThrows', '--event', event]);
      const json = await run(['invoke', 'cli/handlers.js#plainThrows', '--event', event, '--json']);

      // Assess
      expect(human.code).to.equal(1);
      expect(expectOneLine(human)).to.include('downstream down');
      expect(human.stdout).to.include('2 records').and.include('downstream down');
      expect(json.code).to.equal(1);
      const report = JSON.parse(json.stdout) as { summary: { total: number }; error: { code: string } };
      expect(report.summary.total).to.equal(2);
      expect(report.error.code).to.equal('DOWNSTREAM');
    });

    describe('responses that make Lambda retry the whole batch exit non-zero with one line saying why', () => {
      const cases: { name: string; exportName: string; says: RegExp }[] = [
        { name: 'an itemIdentifier not in the event', exportName: 'unknownIdentifier', says: /not-in-the-event/ },
        { name: 'a null itemIdentifier', exportName: 'nullIdentifier', says: /null/ },
        { name: 'an empty itemIdentifier', exportName: 'emptyIdentifier', says: /empty/ },
        { name: 'a wrong key (itemId)', exportName: 'wrongKey', says: /itemId\b/ },
        { name: 'batchItemFailures that is not an array', exportName: 'notAnArray', says: /array/ },
        { name: 'a BigInt in the response', exportName: 'bigint', says: /BigInt/ },
        { name: 'a circular response', exportName: 'circular', says: /circular/i },
      ];
      for (const { name, exportName, says } of cases) {
        it(name, async () => {
          // Act
          const human = await run(['invoke', `cli/handlers.js#${exportName}`, '--event', event]);
          const json = await run(['invoke', `cli/handlers.js#${exportName}`, '--event', event, '--json']);

          // Assess
          expect(human.code, human.stderr).to.equal(1);
          expect(expectOneLine(human))
            .to.match(/whole batch/)
            .and.match(says);
          expect(human.stdout).to.match(/whole batch/);
          expect(json.code).to.equal(1);
          expect(expectOneLine(json)).to.match(says);
          expect((JSON.parse(json.stdout) as { wholeBatchRetry: { reason: string } }).wholeBatchRetry.reason).to.match(says);
        });
      }

      it('while a valid partial response exits 0 with nothing on stderr', async () => {
        // Act
        const result = await run(['invoke', 'cli/handlers.js#plain', '--event', '-', '--json'], {
          stdin: sqsEventJson(['ok', 'please fail']),
        });

        // Assess
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stderr).to.equal('');
        expect(JSON.parse(result.stdout).response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
      });
    });

    it('instantiates an exported class and calls its @BatchHandler method', async () => {
      // Act
      const result = await run(['invoke', 'cli/decorated.js#OrderHandler', '--event', '-', '--json'], {
        stdin: sqsEventJson([{ sku: 'a' }, { sku: 'boom' }]),
      });

      // Assess
      expect(result.code, result.stderr).to.equal(0);
      const report = JSON.parse(result.stdout) as { records: { outcome: string; handler: string }[]; response: unknown };
      expect(report.records.map((r) => [r.outcome, r.handler])).to.deep.equal([
        ['success', 'reserve'],
        ['failure', 'reserve'],
      ]);
      expect(report.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    });

    describe('event --count beyond the largest batch Lambda delivers is a usage error at once', () => {
      for (const count of ['3000000', '1e21', '10001', '0', '2.5']) {
        it(`--count ${count}`, async () => {
          // Act
          const result = await run(['event', 'sqs', '--count', count]);

          // Assess
          expect(result.code).to.equal(2);
          expect(expectOneLine(result))
            .to.match(/--count/)
            .and.match(/10,?000/);
          expect(result.stdout).to.equal('');
          expect(result.ms).to.be.below(3000);
        });
      }

      it('--count 10000 (the limit) is accepted', async () => {
        // Act
        const result = await run(['event', 'kinesis', '--count', '10000']);

        // Assess
        expect(result.code, result.stderr).to.equal(0);
        expect((JSON.parse(result.stdout) as { Records: unknown[] }).Records).to.have.length(10_000);
      });
    });

    describe('event dynamodb takes the item key from the image when it has one', () => {
      const cases: { body: string; key: unknown }[] = [
        { body: '{"pk":5}', key: { N: '5' } },
        { body: '{"pk":"user#1","email":"ana@example.com"}', key: { S: 'user#1' } },
        { body: '{"email":"ana@example.com"}', key: { S: 'item#1' } },
      ];
      for (const { body, key } of cases) {
        it(body, async () => {
          // Act
          const result = await run(['event', 'dynamodb', '--count', '1', '--body', body]);

          // Assess
          expect(result.code, result.stderr).to.equal(0);
          const [record] = (
            JSON.parse(result.stdout) as { Records: { dynamodb: { Keys: unknown; NewImage: { pk: unknown } } }[] }
          ).Records;
          expect(record?.dynamodb.Keys).to.deep.equal({ pk: key });
          expect(record?.dynamodb.NewImage.pk).to.deep.equal(key);
        });
      }
    });

    describe('help and version', () => {
      for (const args of [['--help'], ['-h'], ['invoke', '--help'], ['event', '-h']]) {
        it(`${args.join(' ')} prints the usage on stdout and exits 0`, async () => {
          // Act
          const result = await run(args);

          // Assess
          expect(result.code).to.equal(0);
          expect(result.stdout).to.include('batchkit invoke').and.include('batchkit event');
          expect(result.stderr).to.equal('');
        });
      }

      it('--version prints the package version', async () => {
        // Act
        const result = await run(['--version']);

        // Assess
        expect(result.code).to.equal(0);
        expect(result.stdout).to.equal(`${PACKAGE_VERSION}\n`);
      });
    });

    it('usage errors exit 2 with one line', async () => {
      // Act
      const results = await Promise.all([
        run(['invoke', 'cli/handlers.js#plain', '--event', event, '--verbose']),
        run(['invoke', 'cli/handlers.js#plain', '--event']),
        run(['event', 'sqs', '--json']),
        run(['invoke', 'cli/handlers.js#plain', '--event', event, '--timeout', '1e21']),
        run(['frobnicate']),
      ]);

      // Assess
      expect(results.map((r) => r.code)).to.deep.equal([2, 2, 2, 2, 2]);
      for (const result of results) expectOneLine(result);
    });
  });

  describe('TypeScript handlers', () => {
    const runTypeScript = async (project: string, stdin: string) => {
      const work = scratchDir('work-', project);
      try {
        copyFixtures(work, ['cli/ts/handler.ts', 'cli/ts/tsconfig.json']);
        return await batchkit(project, path.join(work, 'cli', 'ts'), ['invoke', 'handler.ts', '--event', '-', '--json'], {
          stdin,
        });
      } finally {
        removeScratch(work);
      }
    };

    it('run through ts-node with TypeScript 5, DTOs validated', async () => {
      // Prepare
      const project = consumerProject('cli-ts5', [
        repoVersion('typescript'),
        repoVersion('ts-node'),
        repoVersion('reflect-metadata'),
        repoVersion('class-validator'),
        repoVersion('class-transformer'),
      ]);

      // Act
      const result = await runTypeScript(
        project,
        sqsEventJson([
          { sku: 'a', qty: 1 },
          { sku: 'a', qty: 0 },
          { sku: 'boom', qty: 1 },
        ]),
      );

      // Assess
      expect(result.code, result.stderr).to.equal(0);
      const report = JSON.parse(result.stdout) as { records: { outcome: string; errorCode?: string }[] };
      expect(report.records.map((r) => r.outcome)).to.deep.equal(['success', 'failure', 'failure']);
      expect(report.records[1]?.errorCode).to.equal('RECORD_VALIDATION_FAILED');
    });

    it('with TypeScript 7 (no compiler API for ts-node): exit 2 and one line saying what to install', async () => {
      // Prepare
      const project = consumerProject('cli-ts7', ['typescript@7', repoVersion('ts-node'), repoVersion('reflect-metadata')]);

      // Act
      const result = await runTypeScript(project, TWO_RECORDS);

      // Assess
      expect(result.code, result.stderr).to.equal(2);
      expect(expectOneLine(result))
        .to.match(/TypeScript 7/)
        .and.match(/typescript@5/);
      expect(result.stdout).to.equal('');
    });
  });
});
