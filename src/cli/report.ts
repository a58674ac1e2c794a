import type { InvokeReport, RecordLine } from './invoke.js';

const WIDTH = 80;

/** ANSI colours, or none. */
interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
}
const COLOURS: Paint = { ok: (t) => `\x1b[32m${t}\x1b[0m`, bad: (t) => `\x1b[31m${t}\x1b[0m`, dim: (t) => `\x1b[2m${t}\x1b[0m` };
const PLAIN: Paint = { ok: (t) => t, bad: (t) => t, dim: (t) => t };

/** Colour only on a terminal and when NO_COLOR is unset. */
export function paintFor(isTTY: boolean | undefined, env: Record<string, string | undefined>): Paint {
  return isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') ? COLOURS : PLAIN;
}

/** The human report: one line per record (plus a wrapped error line), a summary, then the response as JSON. */
export function formatHuman(report: InvokeReport, paint: Paint): string {
  const out: string[] = [`${report.handler}: ${report.records.length} record${report.records.length === 1 ? '' : 's'}`, ''];
  for (const line of report.records) out.push(...recordLines(line, paint));
  if (report.logs.length > 0) out.push(...logLines(report.logs, paint));
  const failed = report.records.filter((r) => r.outcome === 'failure').length;
  const seconds = report.totalMs / 1000;
  const rate = seconds > 0 ? Math.round(report.records.length / seconds) : 0;
  out.push(
    '',
    `${report.records.length - failed} succeeded, ${failed} failed in ${report.totalMs.toFixed(1)} ms (${rate.toLocaleString('en-US')} records/s)`,
  );
  if (report.error !== undefined) {
    out.push('', paint.bad(`The invocation threw ${report.error.name}${report.error.code ? ` [${report.error.code}]` : ''}:`));
    out.push(...wrap(report.error.message, '  '));
  } else {
    out.push('', 'Response:', JSON.stringify(report.response ?? null, null, 2));
  }
  return `${out.join('\n')}\n`;
}

/** The machine-readable report. */
export function formatJson(report: InvokeReport): string {
  const failed = report.records.filter((r) => r.outcome === 'failure').length;
  return `${JSON.stringify(
    {
      handler: report.handler,
      records: report.records,
      summary: { total: report.records.length, succeeded: report.records.length - failed, failed, totalMs: report.totalMs },
      logs: report.logs,
      ...(report.error === undefined ? { response: report.response ?? null } : { error: report.error }),
    },
    null,
    2,
  )}\n`;
}

const SHOWN_LOG_LINES = 20;

/** The handler's own log lines, one screen line each (use --json for the full text). */
function logLines(logs: readonly string[], paint: Paint): string[] {
  const lines = ['', `Handler logs (${logs.length} line${logs.length === 1 ? '' : 's'}; --json has them in full):`];
  for (const log of logs.slice(0, SHOWN_LOG_LINES)) lines.push(paint.dim(clip(`  ${log.replace(/\s+/g, ' ')}`, WIDTH)));
  if (logs.length > SHOWN_LOG_LINES) lines.push(paint.dim(`  … ${logs.length - SHOWN_LOG_LINES} more`));
  return lines;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function recordLines(line: RecordLine, paint: Paint): string[] {
  const mark = line.outcome === 'success' ? paint.ok('ok  ') : paint.bad('FAIL');
  const id = shorten(line.itemIdentifier ?? '(no identifier)', 24).padEnd(24);
  const method = shorten(line.handler ?? '-', 20).padEnd(20);
  const time = line.durationMs === undefined ? '' : `${line.durationMs.toFixed(1)} ms`;
  const lines = [`${String(line.index).padStart(4)}  ${mark}  ${id}  ${method}  ${time}`];
  if (line.errorCode !== undefined)
    lines.push(...wrap(`${line.errorCode}: ${line.errorMessage ?? ''}`, '        ').map(paint.dim));
  return lines;
}

/** Keeps both ends of a long identifier: `3f2a9c…e41b`. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - (max - 1 - half))}`;
}

/** Word-wraps to the terminal width, at most three lines. */
function wrap(text: string, indent: string): string[] {
  const width = WIDTH - indent.length;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current.length > 0 ? `${current} ${word}` : word;
  }
  if (current.length > 0) lines.push(current);
  const kept = lines.slice(0, 3).map((l) => indent + (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > 3) kept[2] = `${(kept[2] as string).slice(0, WIDTH - 1)}…`;
  return kept;
}
