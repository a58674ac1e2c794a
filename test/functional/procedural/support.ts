// Small helpers shared by the procedural API tests (no state: each call returns fresh objects).

import type { BatchLogger } from 'batchkit';
import { expect } from 'chai';

/** Resolves with what the promise rejected with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the promise to reject');
}

/** Returns what the function threw; fails the test when it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the function to throw');
}

/** Waits `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One call made to a {@link capturingLogger}. */
export interface LogEntry {
  level: keyof BatchLogger;
  message: string;
  details: Record<string, unknown> | undefined;
}

/** A logger that keeps every call, for tests whose subject is the log. */
export function capturingLogger(): BatchLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: keyof BatchLogger) =>
    (message: string, details?: Record<string, unknown>): void => {
      entries.push({ level, message, details });
    };
  return { entries, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** The partial batch response naming these identifiers, in this order. */
export function failuresOf(...identifiers: string[]): { batchItemFailures: { itemIdentifier: string }[] } {
  return { batchItemFailures: identifiers.map((itemIdentifier) => ({ itemIdentifier })) };
}
