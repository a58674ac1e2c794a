// The shape of bench/results/latest.json, and helpers to fill it.
import type { Summary } from './stats';

/** One contestant's measurement: the summary of its samples and its ratio to the group's baseline median. */
export interface Row extends Summary {
  name: string;
  /** median / baseline median (for times and sizes: lower is better); null in a group without baseline. */
  ratio: number | null;
  /** Optional per-record figure (ns per record for throughput rows). */
  perRecord?: number;
  /** Marks a row added for context, beyond the list. */
  extra?: boolean;
}

/** Contestants measured together, interleaved, against one baseline. */
export interface Group {
  name: string;
  unit: string;
  /** The row the ratios are taken to; null for absolute figures whose baseline can be zero. */
  baseline: string | null;
  rows: Row[];
}

/** An issue target, for reading next to the measured value (never a pass/fail check). */
export interface Target {
  label: string;
  /** As the issue states it, e.g. "<= 1.25x". */
  target: string;
  measured: number;
  unit: string;
}

/** One scenario of the suite. */
export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  notes: string[];
  groups: Group[];
  targets: Target[];
}

/** Every scenario id; the smoke test checks that each one is in the JSON. */
export const SCENARIO_IDS = ['throughput', 'dto', 'io', 'fifo', 'coldStart', 'bundle', 'rss'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** The whole results file. */
export interface BenchResults {
  meta: {
    date: string;
    node: string;
    nproc: number;
    cpu: string;
    platform: string;
    quick: boolean;
    durationMs: number;
    /** 1-minute load average at the start and at the end (other processes make the spread wider). */
    loadAverage: { start: number; end: number };
    /** True when dist/ was older than src/ (cold start, bundle size and RSS measure dist/). */
    distStale: boolean;
  };
  scenarios: Partial<Record<ScenarioId, ScenarioResult>>;
}

/** Builds a group from named summaries, computing each row's ratio to the baseline. */
export function group(
  name: string,
  unit: string,
  baseline: string,
  rows: (Summary & { name: string; extra?: boolean })[],
): Group {
  const base = rows.find((row) => row.name === baseline);
  if (base === undefined) throw new Error(`Baseline ${baseline} is not among the rows of ${name}.`);
  if (!(base.median > 0)) throw new Error(`Baseline ${baseline} of ${name} has median ${base.median}: no ratio can be taken.`);
  return { name, unit, baseline, rows: rows.map((row) => ({ ...row, ratio: row.median / base.median })) };
}

/** A group of absolute figures, without ratios (e.g. memory above a baseline that may be zero). */
export function absoluteGroup(name: string, unit: string, rows: (Summary & { name: string; extra?: boolean })[]): Group {
  return { name, unit, baseline: null, rows: rows.map((row) => ({ ...row, ratio: null })) };
}

/** The median of a row of a group (throws when missing, which is a bug in the bench). */
export function medianOf(g: Group, name: string): number {
  const row = g.rows.find((r) => r.name === name);
  if (row === undefined) throw new Error(`No row ${name} in ${g.name}.`);
  return row.median;
}
