// Runs contestants interleaved: after calibration and warm-up, each round takes one sample of every contestant,
// in an order rotated from round to round, so drift (thermal, GC, JIT) spreads over all of them alike.
import { type Summary, summarize } from './stats';

/** Something to time: one operation (a whole batch). May return a promise, which is awaited. */
export interface Contestant {
  name: string;
  run: () => unknown;
  /** Added for context, beyond the list. */
  extra?: boolean;
}

export interface MeasureOptions {
  rounds: number;
  warmupRounds: number;
  /** Each sample repeats the operation until it lasts about this long (ignored when `ops` is set). */
  minSampleMs: number;
  /** Fixed operations per sample (I/O-bound scenarios use 1). */
  ops?: number;
  /** Checks the result of each contestant's first call (the bench's own sanity check, not a speed threshold). */
  verify?: (name: string, result: unknown) => void;
}

type Measured = Summary & { name: string; extra?: boolean };

/**
 * `global.gc` under `--expose-gc`. Only scavenges are forced (`gc({ type: 'minor' })`): a forced full collection
 * shrinks the young generation, and for the next few hundred batches every contestant then runs 1.5-4x slower
 * (more frequent scavenges), which would measure the harness rather than the code.
 */
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

/** Measures every contestant; returns the summary of its samples, in milliseconds per operation. */
export async function measure(contestants: readonly Contestant[], options: MeasureOptions): Promise<Measured[]> {
  const ops: number[] = [];
  for (const contestant of contestants) {
    const first = await contestant.run();
    options.verify?.(contestant.name, first);
    ops.push(options.ops ?? (await calibrate(contestant, options.minSampleMs)));
  }
  const samples: number[][] = contestants.map(() => []);
  const total = options.warmupRounds + options.rounds;
  for (let round = 0; round < total; round++) {
    for (let k = 0; k < contestants.length; k++) {
      const index = (k + round) % contestants.length;
      const ms = await sample(contestants[index] as Contestant, ops[index] as number);
      if (round >= options.warmupRounds) samples[index]?.push(ms);
    }
  }
  return contestants.map((contestant, i) => ({
    name: contestant.name,
    ...(contestant.extra ? { extra: true } : {}),
    ...summarize(samples[i] as number[]),
  }));
}

/** How many operations make a sample of about `minSampleMs`. */
async function calibrate(contestant: Contestant, minSampleMs: number): Promise<number> {
  let ops = 1;
  for (;;) {
    const ms = (await sample(contestant, ops)) * ops;
    if (ms >= minSampleMs / 4 || ops >= 1 << 20) return Math.max(1, Math.ceil((ops * minSampleMs) / Math.max(ms, 1e-3)));
    ops *= 4;
  }
}

/**
 * Milliseconds per operation over `ops` back-to-back operations. With `--expose-gc`, a scavenge first, so no
 * contestant pays for the young garbage of the one before it.
 */
async function sample(contestant: Contestant, ops: number): Promise<number> {
  gc?.({ type: 'minor' });
  const run = contestant.run;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const result = run();
    if (isPromise(result)) await result;
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / ops;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Throws unless the response names exactly the expected failed ids, in order (a broken contestant is a bench bug). */
export function expectFailures(expected: readonly string[]): (name: string, result: unknown) => void {
  return (name, result) => {
    const got = (result as { batchItemFailures?: { itemIdentifier: string }[] } | undefined)?.batchItemFailures;
    const ids = got?.map((f) => f.itemIdentifier) ?? [];
    if (ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) {
      throw new Error(`${name} reported ${ids.length} failures, expected ${expected.length}: the contestants disagree.`);
    }
  };
}
