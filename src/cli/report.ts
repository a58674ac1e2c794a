import { styleText } from 'node:util';
import type { InvokeReport, RecordLine } from './invoke.js';

const WIDTH = 80;

/** Colours for the human report, or none. */
interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
}
/** `paintFor` has decided to colour: `styleText` need not check the stream again (it may be a test's fake). */
const style = (format: Parameters<typeof styleText>[0]) => (text: string) => styleText(format, text, { validateStream: false });
const COLOURS: Paint = { ok: style('green'), bad: style('red'), dim: style('dim') };
const PLAIN: Paint = { ok: (t) => t, bad: (t) => t, dim: (t) => t };

/** Colour only on a terminal and when NO_COLOR is unset or empty (https://no-color.org). */
export function paintFor(isTTY: boolean | undefined, env: Record<string, string | undefined>): Paint {
  return isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') ? COLOURS : PLAIN;
}

/**
 * The human report: one line per record (plus a wrapped error line), the handler's logs, a summary, then whether
 * Lambda would retry the whole batch and why, what the handler threw, and the response as JSON.
 */
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
    const { name, code, message } = report.error;
    const threw = `Lambda would retry the whole batch: the handler threw ${name}${code ? ` [${code}]` : ''}:`;
    out.push('', ...wrap(threw, '', 2).map(paint.bad));
    out.push(...wrap(message, '  '));
  } else if (report.wholeBatchRetry !== undefined) {
    out.push('', ...wrap(`Lambda would retry the whole batch: ${report.wholeBatchRetry.reason}`, '', 6).map(paint.bad));
  }
  if (report.error === undefined && 'response' in report) {
    out.push('', 'Response:', JSON.stringify(report.response ?? null, null, 2));
  }
  return `${out.join('\n')}\n`;
}

/** The machine-readable report: one JSON document. */
export function formatJson(report: InvokeReport): string {
  const failed = report.records.filter((r) => r.outcome === 'failure').length;
  return `${JSON.stringify(
    {
      handler: report.handler,
      records: report.records,
      summary: { total: report.records.length, succeeded: report.records.length - failed, failed, totalMs: report.totalMs },
      logs: report.logs,
      ...(report.wholeBatchRetry === undefined ? {} : { wholeBatchRetry: report.wholeBatchRetry }),
      ...(report.error === undefined ? {} : { error: report.error }),
      ...('response' in report && report.error === undefined ? { response: report.response ?? null } : {}),
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
  const lines = [`${String(line.index).padStart(4)}  ${mark}  ${id}  ${method}  ${time}`.trimEnd()];
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

/** Word-wraps to the terminal width, at most `maxLines` lines. */
function wrap(text: string, indent: string, maxLines = 3): string[] {
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
  const kept = lines.slice(0, maxLines).map((l) => indent + (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > maxLines) kept[maxLines - 1] = `${(kept[maxLines - 1] as string).slice(0, WIDTH - 1)}…`;
  return kept;
}
