import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParsedArgs, parseArgs, positiveInt, stringFlag, UsageError } from './args.js';
import { buildEvent } from './eventCommand.js';
import { invokeHandler } from './invoke.js';
import type { CliIo } from './io.js';
import { loadHandler } from './loadHandler.js';
import { formatHuman, formatJson, paintFor } from './report.js';

export const USAGE = `Usage:
  batchkit invoke <module>[#export] --event <file.json | -> [--json] [--timeout <ms>]
      Runs a Lambda handler (default export "handler") on an event and prints
      each record's outcome, a summary and the response.
      Exit code: 0 when the handler returned, 1 when it threw, 2 on usage errors.
  batchkit event sqs|sqs-fifo|kinesis|dynamodb [--count N]
      [--body <json> | --body-file <file>] [--group <id>]
      Prints an event built with batchkit/testing, to pipe into invoke.
`;

/** The whole CLI: returns the exit code instead of exiting, so tests can run it in-process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv, ['event', 'timeout', 'count', 'body', 'body-file', 'group'], ['json', 'help']);
    const command = args.positional[0];
    if (args.flags.has('help') || command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command === undefined) throw new UsageError('No command given: use invoke or event.');
    if (command === 'event') {
      io.stdout.write(`${JSON.stringify(buildEvent(args, io.cwd), null, 2)}\n`);
      return 0;
    }
    if (command === 'invoke') return await invoke(args, io);
    throw new UsageError(`Unknown command "${command}".`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`batchkit: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr.write(`batchkit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

async function invoke(args: ParsedArgs, io: CliIo): Promise<number> {
  const spec = args.positional[1];
  if (spec === undefined) throw new UsageError('batchkit invoke needs a module, e.g. dist/handler.js#handler.');
  const eventSource = stringFlag(args, 'event');
  if (eventSource === undefined) throw new UsageError('batchkit invoke needs --event <file.json> (or - for standard input).');
  const timeoutMs = positiveInt(args, 'timeout', 30_000);
  const event = parseEvent(eventSource === '-' ? await io.readStdin() : readEventFile(resolve(io.cwd, eventSource)));
  const { handler, label } = await loadHandler(spec, io.cwd);
  const report = await invokeHandler(handler, label, event, timeoutMs);
  io.stdout.write(args.flags.has('json') ? formatJson(report) : formatHuman(report, paintFor(io.stdout.isTTY, io.env)));
  return report.error === undefined ? 0 : 1;
}

function readEventFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the event file ${path}.`);
  }
}

function parseEvent(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('The event is not valid JSON.');
  }
}
