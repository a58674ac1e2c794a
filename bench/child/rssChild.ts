// Runs ONE batch in a fresh process (after a first, timed invocation of 10 records) and prints its figures as JSON. Bundled with esbuild by the RSS
// scenario (bare imports stay external; batchkit is the built dist/cjs). Usage: node --expose-gc rssChild.js <mode> <event.json>
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  BatchProcessor as PtBatchProcessor,
  EventType as PtEventType,
  processPartialResponse as ptProcessPartialResponse,
} from '@aws-lambda-powertools/batch';
import type { SQSEvent } from 'aws-lambda';
import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  type PartialBatchResponse,
  processPartialResponse,
  processPartialResponseSync,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { dtoHandlerClass, handLoop, rawDtoLoop, recordHandlerClass } from '../fixtures/handlers';
import { OrderDto } from '../fixtures/OrderDto';
import { handleOrderRecord, summarize } from '../fixtures/orders';

type Mode = (event: SQSEvent) => PartialBatchResponse | undefined | Promise<PartialBatchResponse | undefined>;

const context = lambdaContext({ timeoutMs: 3_600_000 });
const decorated = recordHandlerClass();
const decoratedDto = dtoHandlerClass();
const bk = new BatchProcessor(EventType.SQS, { logger: silentLogger });
const bkSyncDto = new BatchProcessorSync(EventType.SQS, { logger: silentLogger, dto: OrderDto });
const pt = new PtBatchProcessor(PtEventType.SQS);

const MODES: Record<string, Mode> = {
  hand: handLoop,
  'batchkit-procedural': (event) => processPartialResponse(event, handleOrderRecord, bk, { context }),
  'batchkit-decorator': (event) => decorated(event, context),
  'powertools-parallel': (event) => ptProcessPartialResponse(event, handleOrderRecord, pt, { context }),
  'raw-dto': rawDtoLoop,
  'batchkit-decorator-dto': (event) => decoratedDto(event, context),
  'batchkit-sync-dto': (event) =>
    processPartialResponseSync(event, (order: OrderDto) => summarize(order), bkSyncDto, { context }),
};

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const [modeName, eventFile] = process.argv.slice(2);
  const mode = MODES[modeName as string];
  if (mode === undefined || eventFile === undefined)
    throw new Error(`usage: rssChild <${Object.keys(MODES).join('|')}> <event.json>`);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as SQSEvent;
  gc();
  const rssEvent = process.memoryUsage.rss();
  // The first invocation (10 records) is timed on its own: it builds plans and loads what is loaded lazily.
  const start = process.hrtime.bigint();
  await mode({ Records: event.Records.slice(0, 10) });
  const firstCallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const rssAfterFirst = process.memoryUsage.rss();
  gc();
  const rssBefore = process.memoryUsage.rss();
  const peakLoad = process.resourceUsage().maxRSS * 1024;
  // Reset the high-water mark (Linux), so the batch's own peak is not hidden by the transient of loading the event.
  const reset = resetPeakRss();
  const response = await mode(event);
  const peakBatch = reset ? peakRssSinceReset() : process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      rssEventMiB: rssEvent / MiB,
      firstCallMs,
      firstCallRssMiB: (rssAfterFirst - rssEvent) / MiB,
      rssBeforeMiB: rssBefore / MiB,
      batchPeakMiB: peakBatch / MiB,
      peakMiB: Math.max(peakLoad, peakBatch) / MiB,
      peakReset: reset,
      failures: response?.batchItemFailures.length ?? -1,
    }),
  );
}

function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRssSinceReset(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match === null ? process.resourceUsage().maxRSS * 1024 : Number(match[1]) * 1024;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
