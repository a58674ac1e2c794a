import { inspect } from 'node:util';
import { INSPECT_OUTCOME } from '../runtime/inspection.js';
import { anyItemIdentifier } from '../sources/registry.js';
import { lambdaContext } from '../testing/lambdaContext.js';
import type { BatchOutcome, BatchRecord, PartialBatchResponse } from '../types.js';
import type { LambdaHandler } from './loadHandler.js';

/** One record's line in the report. */
export interface RecordLine {
  index: number;
  itemIdentifier: string | undefined;
  handler: string | undefined;
  outcome: 'success' | 'failure';
  durationMs: number | undefined;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

/** What one local invocation did. */
export interface InvokeReport {
  handler: string;
  records: RecordLine[];
  totalMs: number;
  /** What the handler returned (the Lambda response), when it returned. */
  response?: unknown;
  /** What it threw, when it threw. */
  error?: { name: string; code: string | undefined; message: string };
  /** What the handler wrote through `console` while it ran (kept out of the report's own output). */
  logs: string[];
}

/**
 * Runs a handler once on an event with a real-time Lambda context. A `@BatchHandler` method reports each record from
 * its outcome; any other `(event, context)` function is read from the partial batch response it returns.
 */
export async function invokeHandler(
  handler: LambdaHandler,
  label: string,
  event: unknown,
  timeoutMs: number,
): Promise<InvokeReport> {
  let outcome: BatchOutcome | undefined;
  const context = Object.assign(lambdaContext({ timeoutMs, functionName: 'batchkit-local' }), {
    [INSPECT_OUTCOME]: (seen: BatchOutcome) => {
      outcome = seen;
    },
  });
  const logs: string[] = [];
  const restore = captureConsole(logs);
  const started = performance.now();
  try {
    const response = await handler(event, context);
    const totalMs = performance.now() - started;
    return {
      handler: label,
      records: outcome ? linesFromOutcome(outcome) : linesFromResponse(event, response),
      totalMs,
      response,
      logs,
    };
  } catch (thrown) {
    const totalMs = performance.now() - started;
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    const code = (error as { code?: unknown }).code;
    return {
      handler: label,
      records: outcome ? linesFromOutcome(outcome) : [],
      totalMs,
      error: { name: error.name, code: typeof code === 'string' ? code : undefined, message: error.message },
      logs,
    };
  } finally {
    restore();
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Collects what the handler logs through `console`, so the report (and `--json`) stays clean. */
function captureConsole(into: string[]): () => void {
  const originals = CONSOLE_METHODS.map((name) => console[name]);
  for (const name of CONSOLE_METHODS) {
    console[name] = (...args: unknown[]) => {
      into.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    };
  }
  return () => {
    CONSOLE_METHODS.forEach((name, i) => {
      console[name] = originals[i] as (typeof console)[typeof name];
    });
  };
}

function linesFromOutcome(outcome: BatchOutcome): RecordLine[] {
  const lines: RecordLine[] = [];
  for (const s of outcome.successes) {
    lines.push({
      index: s.index,
      itemIdentifier: s.itemIdentifier,
      handler: s.handlerName,
      outcome: 'success',
      durationMs: s.durationMs,
      errorCode: undefined,
      errorMessage: undefined,
    });
  }
  for (const f of outcome.failures) {
    const code = (f.error as { code?: unknown }).code;
    lines.push({
      index: f.index,
      itemIdentifier: f.itemIdentifier,
      handler: f.handlerName,
      outcome: 'failure',
      durationMs: f.durationMs,
      errorCode: typeof code === 'string' ? code : f.error.name,
      errorMessage: f.error.message,
    });
  }
  return lines.sort((a, b) => a.index - b.index);
}

function linesFromResponse(event: unknown, response: unknown): RecordLine[] {
  const records = (event as { Records?: unknown }).Records;
  if (!Array.isArray(records)) return [];
  const failures = (response as Partial<PartialBatchResponse> | undefined)?.batchItemFailures;
  const failed = new Set(Array.isArray(failures) ? failures.map((f) => f?.itemIdentifier) : []);
  return records.map((record, index) => {
    const itemIdentifier = anyItemIdentifier(record as BatchRecord);
    const isFailed = itemIdentifier !== undefined && failed.has(itemIdentifier);
    return {
      index,
      itemIdentifier,
      handler: undefined,
      outcome: isFailed ? 'failure' : 'success',
      durationMs: undefined,
      errorCode: isFailed ? 'REPORTED_FAILED' : undefined,
      errorMessage: isFailed ? 'listed in batchItemFailures' : undefined,
    };
  });
}
