// Runs of the engine built by hand, for the engine's unit tests: a run over records, and record steps whose records
// finish only when the test says so. No shared state: every call returns fresh objects.
import type { BatchRecord, EventType, ProcessOptions } from 'batchkit';
import { expect } from 'chai';
import { Run, type Verdict } from '../../../src/engine/Run';
import type { RecordContextImpl } from '../../../src/engine/recordContext';
import type { RecordRunner, RecordStep } from '../../../src/engine/recordStep';
import { type RunSettings, resolveRunSettings } from '../../../src/engine/settings';
import { macrotask } from '../../support/time';

/**
 * A run over `records` with these options, resolved as a processor would (FIFO detected from the ARN); `overrides`
 * replace resolved settings (a `deadline` in epoch ms, say, instead of one computed from a Lambda context).
 */
export function runOf(
  records: readonly BatchRecord[],
  eventType: EventType | undefined,
  options: ProcessOptions = {},
  overrides: Partial<RunSettings> = {},
): Run {
  return new Run(records, { ...resolveRunSettings(records, eventType, options, { fifo: 'auto' }), ...overrides });
}

/** A runner for `run` with this step; `notified` lists the records the engine failed unrun, as it told them. */
export function runnerOf(run: Run, step: RecordStep): RecordRunner & { notified: number[] } {
  const notified: number[] = [];
  return { run, contexts: run.contexts(), step, skipped: (context) => notified.push(context.index), notified };
}

/** Record steps that finish only when the test calls `finish` (with a success whose result is the record's index). */
export function manualSteps() {
  const started: number[] = [];
  const settlers = new Map<number, (verdict: Verdict) => void>();
  return {
    /** The indexes of the records whose step was called, in the order it was. */
    started,
    /** The records started and not yet finished. */
    get inFlight(): number[] {
      return [...settlers.keys()];
    },
    step: ((context: RecordContextImpl): Promise<Verdict> => {
      started.push(context.index);
      return new Promise<Verdict>((resolve) => settlers.set(context.index, resolve));
    }) satisfies RecordStep,
    /** Finishes record `index` (a success with its index, unless `verdict` says otherwise) and lets the engine react. */
    async finish(index: number, verdict: Verdict = { ok: true, result: index }): Promise<void> {
      const settle = settlers.get(index);
      expect(settle, `record ${index} is not in flight`).to.not.equal(undefined);
      settlers.delete(index);
      settle?.(verdict);
      await macrotask();
    },
  };
}

/** The outcome of each settled record, in input order: the result of a success, the code (or name) of a failure's error. */
export function outcomes(run: Run): unknown[] {
  return run.settled().map((s) => ('error' in s ? ((s.error as { code?: string }).code ?? s.error.name) : s.result));
}

/** Blocks the thread until `epochMs` (a synchronous step doing CPU work past a deadline; no timer can fire meanwhile). */
export function busyWaitUntil(epochMs: number): void {
  while (Date.now() < epochMs) {
    // spin
  }
}

/**
 * Watches the timers armed with `setTimeout` from now until `stop()`: `live` counts those neither fired nor cleared
 * (the engine's deadline timers; mocha keeps its own reference to `setTimeout`, so its timers are not counted).
 */
export function watchTimers(): { readonly live: number; stop(): void } {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const live = new Set<unknown>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = set(
      (...passed: unknown[]) => {
        live.delete(timer);
        callback(...passed);
      },
      ms,
      ...args,
    );
    live.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    live.delete(timer);
    clear(timer);
  }) as typeof clearTimeout;
  return {
    get live() {
      return live.size;
    },
    stop() {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    },
  };
}
