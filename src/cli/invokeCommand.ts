import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParsedArgs, stringValue, UsageError, wholeNumber } from './args.js';
import { captureOutput } from './capture.js';
import { invokeHandler } from './invoke.js';
import type { CliIo } from './io.js';
import { loadHandler } from './loadHandler.js';
import { formatHuman, formatJson, paintFor } from './report.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Lambda's longest timeout, 15 minutes. */
export const MAX_TIMEOUT_MS = 900_000;

/**
 * `batchkit invoke <module>[#export] --event <file | -> [--json] [--timeout <ms>]`: the report on standard output,
 * and, when Lambda would retry the whole batch, one line on standard error saying why (exit code 1). What the
 * module and the handler print while they load and run is captured into the report, never mixed with it.
 */
export async function invokeCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [spec, ...extra] = args.positional;
  if (spec === undefined) throw new UsageError('batchkit invoke needs a module, e.g. dist/handler.js#handler.', { syntax: true });
  if (extra.length > 0) throw new UsageError(`batchkit invoke takes one module, not also ${extra.join(' ')}.`, { syntax: true });
  const eventSource = stringValue(args, 'event');
  if (eventSource === undefined)
    throw new UsageError('batchkit invoke needs --event <file.json> (or - for standard input).', { syntax: true });
  const timeoutMs = wholeNumber(args, 'timeout', {
    fallback: DEFAULT_TIMEOUT_MS,
    max: MAX_TIMEOUT_MS,
    unit: 'milliseconds',
    why: "Lambda's longest timeout, 15 minutes",
  });
  const event = parseEvent(eventSource === '-' ? await io.readStdin() : readEventFile(resolve(io.cwd, eventSource)));

  const logs: string[] = [];
  const restore = captureOutput(logs);
  let report: Awaited<ReturnType<typeof invokeHandler>>;
  try {
    const { handler, label } = await loadHandler(spec, io.cwd);
    report = await invokeHandler(handler, { label, event, timeoutMs, logs });
  } finally {
    restore();
  }

  io.stdout.write(args.values.json === true ? formatJson(report) : formatHuman(report, paintFor(io.stdout.isTTY, io.env)));
  if (report.wholeBatchRetry === undefined) return 0;
  io.stderr.write(`batchkit: Lambda would retry the whole batch: ${report.wholeBatchRetry.reason.replace(/\s+/g, ' ')}\n`);
  return 1;
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
