// Runs one path in a loop and CPU-profiles it after a warm-up second (so ts-node's compile time and the
// JIT warm-up stay out of the profile; `node --cpu-prof` on the same command profiles the whole process instead):
//   node -r ts-node/register -r reflect-metadata -r ./test/setup/aliases.ts bench/profile.ts <path> [records] [seconds]
// writes bench/results/profiles/<path>-<records>.cpuprofile (open it in Chrome DevTools or summarise it with
//   node -r ts-node/register bench/profileSummary.ts <file.cpuprofile>).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { dtoHandlerClass, handLoop, rawDtoLoop, recordHandlerClass } from './fixtures/handlers';
import { OrderDto } from './fixtures/OrderDto';
import { handleOrderRecord, ordersEvent, summarize } from './fixtures/orders';

type Run = (event: SQSEvent) => unknown;

const context = lambdaContext({ timeoutMs: 6 * 3_600_000 });

function paths(): Record<string, Run> {
  const decorated = recordHandlerClass();
  const decoratedDto = dtoHandlerClass();
  const bk = new BatchProcessor(EventType.SQS, { logger: silentLogger });
  const bkSync = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });
  const bkSyncDto = new BatchProcessorSync(EventType.SQS, { logger: silentLogger, dto: OrderDto });
  return {
    'hand-loop': handLoop,
    'raw-dto': rawDtoLoop,
    'decorator-nodto': (event) => decorated(event, context),
    'procedural-nodto': (event) => processPartialResponse(event, handleOrderRecord, bk, { context }),
    'procedural-sync-nodto': (event) => processPartialResponseSync(event, handleOrderRecord, bkSync, { context }),
    'decorator-dto': (event) => decoratedDto(event, context),
    'procedural-sync-dto': (event) => processPartialResponseSync(event, (o: OrderDto) => summarize(o), bkSyncDto, { context }),
  };
}

async function main(): Promise<void> {
  const [name = 'decorator-nodto', records = '1000', seconds = '5'] = process.argv.slice(2);
  const all = paths();
  const run = all[name];
  if (run === undefined) throw new Error(`Unknown path ${name}; one of: ${Object.keys(all).join(', ')}`);
  const event = ordersEvent(Number(records));
  await loop(run, event, 1000);
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  const { batches, ms } = await loop(run, event, Number(seconds) * 1000);
  const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
  session.disconnect();
  const dir = path.resolve(__dirname, 'results/profiles');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${records}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const ns = (ms * 1e6) / (batches * Number(records));
  process.stdout.write(
    `${name}: ${batches} batches of ${records}, ${ns.toFixed(0)} ns/record -> ${path.relative(process.cwd(), file)}\n`,
  );
}

async function loop(run: Run, event: SQSEvent, forMs: number): Promise<{ batches: number; ms: number }> {
  const until = Date.now() + forMs;
  let batches = 0;
  const start = process.hrtime.bigint();
  while (Date.now() < until) {
    await run(event);
    batches++;
  }
  return { batches, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function post(session: Session, method: string): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
