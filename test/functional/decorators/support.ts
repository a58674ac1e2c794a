// Small helpers shared by the decorator tests. They hold no state between tests.
import type { BatchLogger } from 'batchkit';
import { expect } from 'chai';

/** One call to a logger method. */
export interface LogEntry {
  level: keyof BatchLogger;
  message: string;
  details: Record<string, unknown> | undefined;
}

/** A logger that keeps every entry, for tests that assert on what was logged. */
export function capturingLogger(): BatchLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: keyof BatchLogger) =>
    (message: string, details?: Record<string, unknown>): void => {
      entries.push({ level, message, details });
    };
  return { entries, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** What `action` threw or rejected with; fails the test when it completed. */
export async function rejectionOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to throw');
}

/** What `action` threw synchronously; fails the test when it returned. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to throw');
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The partial batch response naming these identifiers, in this order. */
export function failuresOf(...identifiers: string[]): { batchItemFailures: { itemIdentifier: string }[] } {
  return { batchItemFailures: identifiers.map((itemIdentifier) => ({ itemIdentifier })) };
}
