// Scenario 2: the DTO path: payload -> validated class instance, against the raw class-transformer +
// class-validator loop and Powertools' Zod parser integration (`schema` and `innerSchema`).
import {
  BatchProcessor as PtBatchProcessor,
  EventType as PtEventType,
  processPartialResponse as ptProcessPartialResponse,
} from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  processPartialResponse,
  processPartialResponseSync,
  silentLogger,
} from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { dtoHandlerClass, rawDtoLoop } from '../fixtures/handlers';
import { OrderDto } from '../fixtures/OrderDto';
import { OrderSchema } from '../fixtures/orderSchema';
import { type OrderBody, ordersEvent, summarize } from '../fixtures/orders';
import { expectFailures, measure } from '../lib/harness';
import { group, medianOf, type ScenarioResult } from '../lib/results';
import type { BenchConfig } from './config';

const RAW = 'raw plainToInstance + validateSync loop';
const BK_DECORATOR = 'batchkit @BatchHandler + OrderDto';
const PT_INNER = 'Powertools parser innerSchema (Zod)';
const PT_SCHEMA = 'Powertools parser schema (Zod)';

export async function dtoScenario(config: BenchConfig): Promise<ScenarioResult> {
  const context = lambdaContext({ timeoutMs: 6 * 3_600_000 });
  const event = ordersEvent(config.dtoSize);
  const decorated = dtoHandlerClass();
  const bkAsync = new BatchProcessor(EventType.SQS, { logger: silentLogger, dto: OrderDto });
  const bkSync = new BatchProcessorSync(EventType.SQS, { logger: silentLogger, dto: OrderDto });
  const silent = { debug: () => {}, warn: () => {}, error: () => {} };
  const ptInner = new PtBatchProcessor(PtEventType.SQS, {
    parser,
    innerSchema: OrderSchema,
    transformer: 'json',
    logger: silent,
  });
  const ptSchema = new PtBatchProcessor(PtEventType.SQS, {
    parser,
    schema: SqsRecordSchema.extend({ body: JSONStringified(OrderSchema) }),
    logger: silent,
  });
  const dtoHandler = (order: OrderDto) => summarize(order);
  const parsedHandler = (record: { body: OrderBody }) => summarize(record.body);
  const expected = rawDtoLoop(event).batchItemFailures.map((f) => f.itemIdentifier);
  const rows = await measure(
    [
      { name: RAW, run: () => rawDtoLoop(event) },
      { name: BK_DECORATOR, run: () => decorated(event, context) },
      {
        name: 'batchkit BatchProcessor({ dto })',
        extra: true,
        run: () => processPartialResponse(event, dtoHandler, bkAsync, { context }),
      },
      {
        name: 'batchkit BatchProcessorSync({ dto })',
        extra: true,
        run: () => processPartialResponseSync(event, dtoHandler, bkSync, { context }),
      },
      { name: PT_SCHEMA, run: () => ptProcessPartialResponse(event, parsedHandler, ptSchema, { context }) },
      { name: PT_INNER, run: () => ptProcessPartialResponse(event, parsedHandler, ptInner, { context }) },
    ],
    {
      rounds: config.rounds,
      warmupRounds: config.warmupRounds,
      minSampleMs: config.minSampleMs,
      verify: expectFailures(expected),
    },
  );
  const g = group(`${config.dtoSize} records`, 'ms/batch', RAW, rows);
  for (const row of g.rows) row.perRecord = (row.median * 1e6) / config.dtoSize;
  const decorator = medianOf(g, BK_DECORATOR);
  return {
    id: 'dto',
    title: 'DTO path: JSON body -> validated OrderDto (nested @ValidateNested + @Type), 10% invalid',
    notes: [
      'The raw loop uses the validator options batchkit applies by default (forbidUnknownValues, no target/value in errors).',
      'Powertools runs with its default processInParallel (Promise.all); innerSchema uses transformer "json".',
      'The Zod schema has the same rules as OrderDto; every contestant rejects exactly the same records.',
    ],
    groups: [g],
    targets: [
      {
        label: `${BK_DECORATOR} / raw loop`,
        target: '<= 1.0x (stretch: < 1.0x)',
        measured: decorator / medianOf(g, RAW),
        unit: 'x',
      },
      {
        label: `speed-up of ${BK_DECORATOR} over ${PT_INNER}`,
        target: '>= 5x',
        measured: medianOf(g, PT_INNER) / decorator,
        unit: 'x',
      },
    ],
  };
}
