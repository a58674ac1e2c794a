// Renders results as Markdown tables (bench/results/latest.md), ready to paste into docs/performance.md.
import { fmt, ratioCell } from './print';
import type { BenchResults, Group, ScenarioResult } from './results';

function groupTable(group: Group): string {
  const perRecord = group.rows.some((row) => row.perRecord !== undefined);
  const header = [
    '',
    `median (${group.unit})`,
    'IQR',
    'min-max',
    group.baseline === null ? 'ratio' : `ratio to ${group.baseline}`,
  ];
  if (perRecord) header.push('ns/record');
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of group.rows) {
    const cells = [
      `${row.name}${row.extra ? ' *(extra)*' : ''}`,
      fmt(row.median),
      `${fmt(row.p25)}-${fmt(row.p75)}`,
      `${fmt(row.min)}-${fmt(row.max)}`,
      ratioCell(row.name, group.baseline, row.ratio),
    ];
    if (perRecord) cells.push(row.perRecord === undefined ? '' : fmt(row.perRecord));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `**${group.name}** (${group.rows[0]?.samples ?? 0} samples each)\n\n${lines.join('\n')}`;
}

function scenarioMarkdown(result: ScenarioResult): string {
  const parts = [`### ${result.title}`, '', ...result.notes.map((n) => `- ${n}`), ''];
  for (const group of result.groups) parts.push(groupTable(group), '');
  if (result.targets.length > 0) {
    parts.push('| issue target | measured | target |', '| --- | ---: | ---: |');
    for (const t of result.targets) {
      const measured = t.unit === 'x' ? `${t.measured.toFixed(2)}x` : `${fmt(t.measured)} ${t.unit}`;
      parts.push(`| ${t.label} | ${measured} | ${t.target} |`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

export function resultsMarkdown(results: BenchResults): string {
  const { meta } = results;
  const head =
    `Run ${meta.date} - node ${meta.node}, ${meta.platform}, nproc ${meta.nproc} (${meta.cpu}), ` +
    `load average ${meta.loadAverage.start.toFixed(2)} -> ${meta.loadAverage.end.toFixed(2)}, ` +
    `${(meta.durationMs / 1000).toFixed(0)} s${meta.quick ? ', QUICK' : ''}${meta.distStale ? ', dist/ older than src/' : ''}.`;
  return [head, '', ...Object.values(results.scenarios).map((s) => scenarioMarkdown(s as ScenarioResult))].join('\n');
}
