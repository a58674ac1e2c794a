import type { BatchLogger } from '../types.js';

type Level = keyof BatchLogger;

function write(level: Level, message: string, details?: Record<string, unknown>): void {
  const line = JSON.stringify({ level, message, ...details, timestamp: new Date().toISOString() });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
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
