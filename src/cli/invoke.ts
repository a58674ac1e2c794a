import { INSPECT_OUTCOME } from '../handler/inspection.js';
import { anyItemIdentifier } from '../sources/registry.js';
import { lambdaContext } from '../testing/lambdaContext.js';
import type { BatchOutcome, BatchRecord } from '../types.js';
import { readResponse } from './lambdaResponse.js';
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
  /** What the handler returned, as Lambda receives it (serialized to JSON), when it returned such a value. */
  response?: unknown;
  /** What it threw, when it threw. */
  error?: { name: string; code: string | undefined; message: string };
  /** Set when Lambda would retry every record of the batch: the handler threw, timed out or returned a bad response. */
  wholeBatchRetry?: { reason: string };
  /** What the module and the handler wrote through `console` and `process.stdout` (kept out of the report's output). */
  logs: string[];
}

/** What to invoke and how. */
export interface InvokeOptions {
  label: string;
  event: unknown;
  /** The time the context gives the invocation; when it runs out, the invocation ends as timed out. */
  timeoutMs: number;
  /** What the handler printed so far (the module's load included); the report keeps this array. */
  logs: string[];
}

type Settled = { kind: 'returned'; value: unknown } | { kind: 'threw'; thrown: unknown } | { kind: 'timedOut' };

/**
 * Runs a handler once on an event with a real-time Lambda context, and reports it as Lambda would see it. A
 * `@BatchHandler` method reports each record from its outcome; any other `(event, context)` function is read from
 * the partial batch response it returns. A handler still running when the timeout runs out ends the invocation,
 * as Lambda ends it.
 */
export async function invokeHandler(handler: LambdaHandler, options: InvokeOptions): Promise<InvokeReport> {
  const { label, event, timeoutMs, logs } = options;
  let outcome: BatchOutcome | undefined;
  const context = Object.assign(lambdaContext({ timeoutMs, functionName: 'batchkit-local' }), {
    [INSPECT_OUTCOME]: (seen: BatchOutcome) => {
      outcome = seen;
    },
  });
  const started = performance.now();
  const settled = await settleWithin(() => handler(event, context), timeoutMs);
  const base = { handler: label, totalMs: performance.now() - started, logs };
  const linesOr = (fallback: () => RecordLine[]) => (outcome ? linesFromOutcome(outcome) : fallback());

  if (settled.kind === 'timedOut') {
    const reason =
      `the handler did not finish within the ${timeoutMs} ms timeout (--timeout ${timeoutMs}); ` +
      `Lambda ends it with "Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds"`;
    return { ...base, records: linesOr(() => retriedLines(event)), wholeBatchRetry: { reason } };
  }
  if (settled.kind === 'threw') {
    const error = errorOf(settled.thrown);
    const reason = `the handler threw ${error.name}${error.code ? ` [${error.code}]` : ''}: ${error.message}`;
    return { ...base, records: linesOr(() => retriedLines(event)), error, wholeBatchRetry: { reason } };
  }
  const verdict = readResponse(event, settled.value);
  const response = 'response' in verdict ? { response: verdict.response } : {};
  if (!verdict.accepted) {
    return { ...base, ...response, records: linesOr(() => retriedLines(event)), wholeBatchRetry: { reason: verdict.reason } };
  }
  return { ...base, ...response, records: linesOr(() => linesFromResponse(event, verdict.failed)) };
}

/**
 * The handler's result, or `timedOut` once `timeoutMs` passes. The timer keeps the process alive until then, so a
 * handler awaiting a promise that never settles cannot end the process early as if it had returned.
 */
function settleWithin(run: () => unknown, timeoutMs: number): Promise<Settled> {
  return new Promise<Settled>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timedOut' }), timeoutMs);
    const settle = (settled: Settled) => {
      clearTimeout(timer);
      resolve(settled);
    };
    new Promise((inner) => inner(run())).then(
      (value) => settle({ kind: 'returned', value }),
      (thrown: unknown) => settle({ kind: 'threw', thrown }),
    );
  });
}

function errorOf(thrown: unknown): NonNullable<InvokeReport['error']> {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const code = (error as { code?: unknown }).code;
  return { name: error.name, code: typeof code === 'string' ? code : undefined, message: error.message };
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

/** The event's records, each marked as listed in `batchItemFailures` or not. */
function linesFromResponse(event: unknown, failed: ReadonlySet<string>): RecordLine[] {
  return recordsOf(event).map((record, index) => {
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

/** The event's records when nothing says what became of each: Lambda retries them all. */
function retriedLines(event: unknown): RecordLine[] {
  return recordsOf(event).map((record, index) => ({
    index,
    itemIdentifier: anyItemIdentifier(record as BatchRecord),
    handler: undefined,
    outcome: 'failure',
    durationMs: undefined,
    errorCode: 'BATCH_RETRIED',
    errorMessage: 'retried with the whole batch',
  }));
}

function recordsOf(event: unknown): unknown[] {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) ? records : [];
}
