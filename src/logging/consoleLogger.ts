import type { BatchLogger } from '../types.js';
import { UNREADABLE } from './errorFields.js';
import { safeStringify } from './safeJson.js';

type Level = keyof BatchLogger;

/**
 * Writes one JSON line and never throws: details JSON cannot hold (a bigint, a cycle, a getter or `toJSON` that
 * throws, a Proxy) are replaced by markers (see `safeStringify`), so a failure never loses its line.
 */
function write(level: Level, message: string, details?: Record<string, unknown>): void {
  const line = safeStringify({ level, message, ...ownFields(details), timestamp: new Date().toISOString() });
  try {
    if (level === 'error' || level === 'warn') console.error(line);
    else console.log(line);
  } catch {
    // The console itself failed (a closed stream): there is nowhere left to write, and logging must not throw.
  }
}

/** The details' own enumerable fields, each read on its own (a getter or Proxy trap that throws gives the marker). */
function ownFields(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (typeof details !== 'object' || details === null) return {};
  let keys: string[];
  try {
    keys = Object.keys(details);
  } catch {
    return { details: UNREADABLE };
  }
  const fields: Record<string, unknown> = {};
  for (const key of keys) {
    try {
      fields[key] = details[key];
    } catch {
      fields[key] = UNREADABLE;
    }
  }
  return fields;
}

/**
 * The default logger: one JSON object per line on the console (CloudWatch reads them as structured logs).
 *
 * @example
 * ```ts
 * @BatchHandler({ logger: consoleLogger }) // the default
 * async handler(event: SQSEvent) {}
 * ```
 */
export const consoleLogger: BatchLogger = {
  error: (message, details) => write('error', message, details),
  warn: (message, details) => write('warn', message, details),
  info: (message, details) => write('info', message, details),
  debug: (message, details) => write('debug', message, details),
};

/**
 * A logger that drops everything (for benchmarks and tests).
 *
 * @example
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS, { logger: silentLogger });
 * ```
 */
export const silentLogger: BatchLogger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
};
