// Prints scenario results as plain-text tables.
import type { Group, ScenarioResult, Target } from './results';

/** Formats a number with about three significant digits. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 10) return value.toFixed(2);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** The ratio column of a row: `baseline`, `1.23x`, or `-` in a group without baseline. */
export function ratioCell(name: string, baseline: string | null, ratio: number | null): string {
  if (name === baseline) return 'baseline';
  return ratio === null ? '-' : `${ratio.toFixed(2)}x`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One group: median, IQR, range, ratio to the baseline, and ns/record where measured. */
export function formatGroup(group: Group): string {
  const perRecord = group.rows.some((row) => row.perRecord !== undefined);
  const header = [
    '',
    `median ${group.unit}`,
    'IQR',
    'min-max',
    group.baseline === null ? 'ratio' : `x ${shorten(group.baseline)}`,
  ];
  if (perRecord) header.push('ns/record');
  const rows = group.rows.map((row) => {
    const cells = [
      `${row.extra ? '  (extra) ' : ''}${row.name}`,
      fmt(row.median),
      `${fmt(row.p25)}-${fmt(row.p75)}`,
      `${fmt(row.min)}-${fmt(row.max)}`,
      ratioCell(row.name, group.baseline, row.ratio),
    ];
    if (perRecord) cells.push(row.perRecord === undefined ? '' : fmt(row.perRecord));
    return cells;
  });
  return `${group.name}  (n = ${group.rows[0]?.samples ?? 0} samples each)\n${table(header, rows)}`;
}

export function formatTargets(targets: readonly Target[]): string {
  return table(
    ['issue target', 'measured', 'target'],
    targets.map((t) => [t.label, t.unit === 'x' ? `${t.measured.toFixed(2)}x` : `${fmt(t.measured)} ${t.unit}`, t.target]),
  );
}

export function formatScenario(result: ScenarioResult): string {
  const parts = [`== ${result.title} ==`, ...result.notes.map((n) => `   ${n}`), ''];
  for (const group of result.groups) parts.push(formatGroup(group), '');
  if (result.targets.length > 0) parts.push(formatTargets(result.targets), '');
  return parts.join('\n');
}

function shorten(name: string): string {
  return name.length > 28 ? `${name.slice(0, 27)}…` : name;
}
