import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/runCli.js';
import { removeScratch, scratchDir } from '../../support/scratch';

const FIXTURE = resolve(__dirname, '../../fixtures/cli/handlers.ts');

/** Runs the CLI in-process and captures what it prints. */
async function cli(argv: string[], options: { stdin?: string; tty?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (stderr += t) },
    readStdin: async () => options.stdin ?? '',
    cwd: process.cwd(),
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** One line from batchkit on stderr, no usage text and no stack frames. */
function isOneLine(stderr: string): boolean {
  return /^batchkit: [^\n]+\n$/.test(stderr) && !stderr.includes('Usage:');
}

const scratch: string[] = [];

function eventFile(event: unknown): string {
  return tempFile('event.json', JSON.stringify(event));
}

function tempFile(name: string, text: string): string {
  const dir = scratchDir('batchkit-cli-');
  scratch.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A TypeScript handler module (types, a decorator): only a TypeScript compiler can load it. */
const TS_HANDLER = `
import { BatchHandler, EventType, RecordHandler, silentLogger } from 'batchkit';

interface Order { sku: string }

class OrderHandler {
  @RecordHandler(EventType.SQS, { dto: false })
  reserve(record: { body: string }): void {
    const order = JSON.parse(record.body) as Order;
    if (order.sku === 'boom') throw new Error('warehouse unavailable');
  }

  @BatchHandler({ logger: silentLogger })
  async handler(_event: unknown): Promise<void> {}
}

export const handler = new OrderHandler().handler;
`;

describe('batchkit CLI', () => {
  after(() => {
    for (const dir of scratch.splice(0)) removeScratch(dir);
  });

  describe('invoke', () => {
    it('prints one line per record from the outcome of a @BatchHandler, a summary and the response (exit 0)', async () => {
      // Prepare
      const event = sqsEvent([
        { sku: 'a', qty: 1 },
        { sku: 'a', qty: 0 },
        { sku: 'boom', qty: 2 },
      ]);

      // Act
      const { code, stdout } = await cli(['invoke', `${FIXTURE}#handler`, '--event', eventFile(event)]);

      // Assess
      expect(code).to.equal(0);
      const recordLines = stdout.split('\n').filter((l) => /^\s+\d+\s+(ok|FAIL)\s/.test(l));
      expect(recordLines).to.have.length(3);
      expect(recordLines.map((l) => l.includes('reserve'))).to.deep.equal([true, true, true]);
      expect(recordLines.map((l) => /\sFAIL\s/.test(l))).to.deep.equal([false, true, true]);
      expect(stdout).to.include('RECORD_VALIDATION_FAILED');
      expect(stdout).to.match(/1 succeeded, 2 failed in [\d.]+ ms/);
      const response = JSON.parse(stdout.slice(stdout.indexOf('Response:') + 'Response:'.length));
      expect(response).to.deep.equal({
        batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }, { itemIdentifier: event.Records[2]?.messageId }],
      });
    });

    it('keeps human lines within 80 columns and prints no colour when stdout is not a terminal', async () => {
      // Prepare
      const event = sqsEvent([{ sku: 'a'.repeat(200), qty: 0 }]);

      // Act
      const { stdout } = await cli(['invoke', `${FIXTURE}#handler`, '--event', eventFile(event)]);

      // Assess
      const human = stdout.slice(0, stdout.indexOf('Response:'));
      expect(human.split('\n').filter((l) => l.length > 80)).to.deep.equal([]);
      expect(stdout).not.to.include('\x1b[');
    });

    it('colours only on a terminal without NO_COLOR', async () => {
      // Prepare
      const file = eventFile(sqsEvent([{ sku: 'a', qty: 1 }]));

      // Act
      const tty = await cli(['invoke', `${FIXTURE}#handler`, '--event', file], { tty: true });
      const noColor = await cli(['invoke', `${FIXTURE}#handler`, '--event', file], { tty: true, env: { NO_COLOR: '1' } });

      // Assess
      expect(tty.stdout).to.include('\x1b[');
      expect(noColor.stdout).not.to.include('\x1b[');
    });

    it('prints one JSON document with --json', async () => {
      // Prepare
      const event = sqsEvent([
        { sku: 'a', qty: 1 },
        { sku: 'boom', qty: 1 },
      ]);

      // Act
      const { code, stdout } = await cli(['invoke', `${FIXTURE}#handler`, '--event', eventFile(event), '--json']);

      // Assess
      expect(code).to.equal(0);
      const report = JSON.parse(stdout);
      expect(report.summary).to.include({ total: 2, succeeded: 1, failed: 1 });
      expect(report.records.map((r: { outcome: string; handler: string }) => [r.outcome, r.handler])).to.deep.equal([
        ['success', 'reserve'],
        ['failure', 'reserve'],
      ]);
      expect(report.records[0].durationMs).to.be.a('number');
      expect(report.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    });

    it('reads records of any (event, context) function from the response it returns', async () => {
      // Prepare
      const event = sqsEvent(['ok', 'please fail', 'ok']);

      // Act
      const { stdout } = await cli(['invoke', `${FIXTURE}#plain`, '--event', eventFile(event), '--json']);

      // Assess
      const report = JSON.parse(stdout);
      expect(report.records.map((r: { outcome: string }) => r.outcome)).to.deep.equal(['success', 'failure', 'success']);
    });

    it('captures what the handler logs, so --json stays one parseable document', async () => {
      // Prepare
      const file = eventFile(
        sqsEvent([
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 1 },
        ]),
      );

      // Act
      const json = await cli(['invoke', `${FIXTURE}#noisy`, '--event', file, '--json']);
      const human = await cli(['invoke', `${FIXTURE}#noisy`, '--event', file]);

      // Assess
      expect(JSON.parse(json.stdout).logs).to.deep.equal([
        JSON.stringify({ level: 'info', message: 'got batch', size: 2 }),
        'something odd',
      ]);
      expect(human.stdout).to.include('Handler logs (2 lines');
    });

    it('reads the event from standard input with --event -', async () => {
      // Prepare
      const event: SQSEvent = sqsEvent([{ sku: 'a', qty: 1 }]);

      // Act
      const { code, stdout } = await cli(['invoke', `${FIXTURE}#handler`, '--event', '-', '--json'], {
        stdin: JSON.stringify(event),
      });

      // Assess
      expect(code).to.equal(0);
      expect(JSON.parse(stdout).summary.succeeded).to.equal(1);
    });

    it('exits 1 when the handler throws, and says what it threw', async () => {
      // Prepare
      const file = eventFile(sqsEvent([{ sku: 'a', qty: 1 }]));

      // Act
      const human = await cli(['invoke', `${FIXTURE}#throws`, '--event', file]);
      const json = await cli(['invoke', `${FIXTURE}#throws`, '--event', file, '--json']);

      // Assess
      expect(human.code).to.equal(1);
      expect(human.stdout).to.include('[DOWNSTREAM]');
      expect(isOneLine(human.stderr)).to.equal(true);
      expect(json.code).to.equal(1);
      expect(JSON.parse(json.stdout).error).to.deep.include({ name: 'Error', code: 'DOWNSTREAM' });
    });

    it('exits 1 when every record fails (FullBatchFailureError)', async () => {
      // Prepare
      const file = eventFile(sqsEvent([{ sku: 'boom', qty: 1 }]));

      // Act
      const { code, stdout } = await cli(['invoke', `${FIXTURE}#handler`, '--event', file, '--json']);

      // Assess
      expect(code).to.equal(1);
      expect(JSON.parse(stdout).error.code).to.equal('FULL_BATCH_FAILURE');
    });

    it('runs a .cts handler through ts-node, as a .ts one', async () => {
      // Prepare
      const module = tempFile('orders.cts', TS_HANDLER);
      const event = sqsEvent([{ sku: 'a' }, { sku: 'boom' }]);

      // Act
      const { code, stdout } = await cli(['invoke', module, '--event', eventFile(event), '--json']);

      // Assess
      expect(code).to.equal(0);
      const report = JSON.parse(stdout);
      expect(report.records.map((r: { outcome: string; handler: string }) => [r.outcome, r.handler])).to.deep.equal([
        ['success', 'reserve'],
        ['failure', 'reserve'],
      ]);
      expect(report.response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    });

    it('refuses ES-module TypeScript (.mts, .ts in a "type": "module" package) as a usage error (exit 2)', async () => {
      // Prepare
      const source = `${TS_HANDLER}\nthrow new Error('must not run');\n`;
      const mts = tempFile('orders.mts', source);
      const esmPackage = tempFile('orders.ts', source);
      writeFileSync(join(dirname(esmPackage), 'package.json'), JSON.stringify({ type: 'module' }));
      const event = eventFile(sqsEvent([{ sku: 'a' }]));

      // Act
      const results = [await cli(['invoke', mts, '--event', event]), await cli(['invoke', esmPackage, '--event', event])];

      // Assess
      expect(results.map((r) => r.code)).to.deep.equal([2, 2]);
      expect(results.map((r) => r.stdout)).to.deep.equal(['', '']);
      expect(results.every((r) => isOneLine(r.stderr))).to.equal(true);
    });

    it('prints the usage to standard error and exits 2 without a command; to standard output with --help', async () => {
      // Act
      const none = await cli([]);
      const help = await cli(['--help']);
      const helpCommand = await cli(['help']);

      // Assess
      expect([none.code, help.code, helpCommand.code]).to.deep.equal([2, 0, 0]);
      expect(none.stdout).to.equal('');
      expect(none.stderr).to.include('Usage:');
      expect(help.stdout).to.include('Usage:');
      expect(help.stderr).to.equal('');
      expect(helpCommand.stdout).to.equal(help.stdout);
    });

    it('exits 2 on usage errors', async () => {
      // Prepare
      const file = eventFile(sqsEvent([{ sku: 'a', qty: 1 }]));
      const badJson = tempFile('bad.json', '{ nope');

      // Act
      const results = await Promise.all([
        cli([]),
        cli(['invoke', `${FIXTURE}#handler`]),
        cli(['invoke', 'no/such/module.js', '--event', file]),
        cli(['invoke', `${FIXTURE}#missing`, '--event', file]),
        cli(['invoke', `${FIXTURE}#notAFunction`, '--event', file]),
        cli(['invoke', `${FIXTURE}#handler`, '--event', badJson]),
        cli(['invoke', `${FIXTURE}#handler`, '--event', file, '--timeout', 'soon']),
        cli(['frobnicate']),
        cli(['invoke', `${FIXTURE}#handler`, '--event', file, '--verbose']),
      ]);

      // Assess
      expect(results.map((r) => r.code)).to.deep.equal([2, 2, 2, 2, 2, 2, 2, 2, 2]);
      expect(results.slice(1).every((r) => isOneLine(r.stderr) && r.stdout === '')).to.equal(true);
    });
  });

  describe('event', () => {
    it('prints events of every kind with the requested count, body and group', async () => {
      // Act
      const sqs = JSON.parse((await cli(['event', 'sqs', '--count', '4', '--body', '{"sku":"x","qty":2}'])).stdout);
      const fifo = JSON.parse((await cli(['event', 'sqs-fifo', '--group', 'g-7'])).stdout);
      const kinesis = JSON.parse((await cli(['event', 'kinesis', '--count', '2', '--group', 'pk'])).stdout);
      const dynamodb = JSON.parse((await cli(['event', 'dynamodb', '--count', '2'])).stdout);

      // Assess
      expect(sqs.Records).to.have.length(4);
      expect(sqs.Records.map((r: { body: string }) => JSON.parse(r.body))).to.deep.equal(Array(4).fill({ sku: 'x', qty: 2 }));
      expect(fifo.Records[0].eventSourceARN).to.match(/\.fifo$/);
      expect(fifo.Records.map((r: { attributes: { MessageGroupId: string } }) => r.attributes.MessageGroupId)).to.deep.equal([
        'g-7',
        'g-7',
        'g-7',
      ]);
      expect(kinesis.Records.map((r: { kinesis: { partitionKey: string } }) => r.kinesis.partitionKey)).to.deep.equal([
        'pk',
        'pk',
      ]);
      expect(dynamodb.Records.map((r: { eventName: string }) => r.eventName)).to.deep.equal(['INSERT', 'INSERT']);
      expect(dynamodb.Records[0].dynamodb.NewImage.pk).to.deep.equal({ S: 'item#1' });
    });

    it('pipes into invoke', async () => {
      // Prepare
      const { stdout: event } = await cli(['event', 'sqs', '--count', '3', '--body', '{"sku":"x","qty":1}']);

      // Act
      const { code, stdout } = await cli(['invoke', `${FIXTURE}#handler`, '--event', '-', '--json'], { stdin: event });

      // Assess
      expect(code).to.equal(0);
      expect(JSON.parse(stdout).summary).to.include({ total: 3, succeeded: 3 });
    });

    it('exits 2 for an unknown kind, a bad count or an invalid body', async () => {
      // Act
      const codes = await Promise.all([
        cli(['event', 'sns']),
        cli(['event', 'sqs', '--count', '0']),
        cli(['event', 'sqs', '--body', '{x']),
      ]);

      // Assess
      expect(codes.map((r) => r.code)).to.deep.equal([2, 2, 2]);
    });

    it('exits 2 for --group with a kind that has no groups (sqs, dynamodb), printing no event', async () => {
      // Act
      const results = await Promise.all([cli(['event', 'sqs', '--group', 'g-1']), cli(['event', 'dynamodb', '--group', 'g-1'])]);

      // Assess
      expect(results.map((r) => r.code)).to.deep.equal([2, 2]);
      expect(results.map((r) => r.stdout)).to.deep.equal(['', '']);
      expect(results.every((r) => isOneLine(r.stderr))).to.equal(true);
    });
  });
});
