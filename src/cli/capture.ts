import { format } from 'node:util';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
type ConsoleMethod = (typeof CONSOLE_METHODS)[number];
type StdoutWrite = typeof process.stdout.write;

interface Sink {
  into: string[];
  /** A line written in parts, not yet ended by a newline. */
  partial: string;
}

// `console` and `process.stdout` belong to the process, so the patch over them does too: it is put in place by the
// first capture and taken away by the last, whatever order overlapping captures (in-process tests) end in.
const sinks: Sink[] = [];
let restoreProcess: (() => void) | undefined;

/**
 * Collects, one entry per line, what a handler writes through `console` and `process.stdout` while it loads and
 * runs, so that the report (and `--json`, which must stay one JSON document) is all that reaches standard output.
 * Returns the function that ends the capture. While captures overlap, the latest one receives the output.
 */
export function captureOutput(into: string[]): () => void {
  const sink: Sink = { into, partial: '' };
  sinks.push(sink);
  restoreProcess ??= patchProcess();
  return () => {
    const at = sinks.indexOf(sink);
    if (at === -1) return;
    sinks.splice(at, 1);
    if (sink.partial !== '') into.push(sink.partial);
    if (sinks.length === 0) {
      restoreProcess?.();
      restoreProcess = undefined;
    }
  };
}

function current(): Sink {
  return sinks[sinks.length - 1] as Sink;
}

function patchProcess(): () => void {
  const consoleOriginals = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const name of CONSOLE_METHODS) {
    consoleOriginals.set(name, console[name]);
    console[name] = (...args: unknown[]) => void current().into.push(format(...args));
  }
  const stdout = process.stdout;
  const ownWrite = Object.hasOwn(stdout, 'write') ? stdout.write : undefined;
  stdout.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const sink = current();
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const lines = (sink.partial + text).split('\n');
    sink.partial = lines.pop() as string;
    sink.into.push(...lines);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  }) as StdoutWrite;
  return () => {
    for (const [name, original] of consoleOriginals) console[name] = original;
    if (ownWrite !== undefined) stdout.write = ownWrite;
    else delete (stdout as { write?: StdoutWrite }).write;
  };
}
