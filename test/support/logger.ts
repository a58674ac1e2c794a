// A logger for the tests whose subject is what was logged.
import type { BatchLogger } from 'batchkit';

/** One call made to a {@link capturingLogger}. */
export interface LogEntry {
  level: keyof BatchLogger;
  message: string;
  details: Record<string, unknown> | undefined;
}

/** A logger that keeps every call, in order. */
export function capturingLogger(): BatchLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: keyof BatchLogger) =>
    (message: string, details?: Record<string, unknown>): void => {
      entries.push({ level, message, details });
    };
  return { entries, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
