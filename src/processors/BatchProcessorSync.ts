import type { EventType } from '../constants.js';
import type { DtoPlan } from '../dto/dtoInvoker.js';
import { dtoInput } from '../dto/dtoInvoker.js';
import { dtoRuntimeSync } from '../dto/runtime.js';
import type { RunResult } from '../engine/execute.js';
import type { SettleObserver } from '../engine/observers.js';
import { sourceOfType } from '../sources/registry.js';
import type { BatchRecord, ProcessOptions } from '../types.js';
import { BatchProcessor } from './BatchProcessor.js';
import type { RecordInvoker } from './invocation.js';
import type { ProceduralHandler } from './processorOptions.js';

/**
 * A processor for synchronous handlers: use it with `processPartialResponseSync` or `processSync()`.
 * DTOs are validated with `validateSync`; a handler that returns a Promise fails its record.
 *
 * @example SQS
 * ```ts
 * const processor = new BatchProcessorSync(EventType.SQS, { dto: OrderDto });
 * export const handler = (event: SQSEvent) => processPartialResponseSync(event, (order: OrderDto) => tally(order), processor);
 * ```
 * @example Kinesis
 * ```ts
 * const processor = new BatchProcessorSync(EventType.KinesisDataStreams, { dto: ClickDto });
 * export const handler = (event: KinesisStreamEvent) => processPartialResponseSync(event, (click: ClickDto) => count(click), processor);
 * ```
 * @example DynamoDB Streams
 * ```ts
 * const processor = new BatchProcessorSync(EventType.DynamoDBStreams);
 * export const handler = (event: DynamoDBStreamEvent) => processPartialResponseSync(event, (record) => audit(record), processor);
 * ```
 */
export class BatchProcessorSync extends BatchProcessor {
  override invokerFor(handler: ProceduralHandler): RecordInvoker {
    if (this.dto === undefined) return super.invokerFor(handler) as RecordInvoker;
    return this.dtoInvoker(handler, this.planDto(dtoRuntimeSync()));
  }

  /** @internal */
  protected override dtoInvoker(handler: ProceduralHandler, plan: DtoPlan): RecordInvoker {
    const source = sourceOfType(this.eventType as EventType);
    return (record, context) =>
      handler(plan.binder.bindSync(dtoInput(plan, source, record, context)), record, context.lambdaContext, context);
  }

  /**
   * Always the synchronous engine, whichever entry point runs it (`processPartialResponse` too): a handler that
   * returns a promise fails its record with `AsyncHandlerError`, never passes as a success.
   */
  override async execute(
    records: readonly BatchRecord[],
    invoke: RecordInvoker,
    options: ProcessOptions = {},
    observe?: SettleObserver,
  ): Promise<RunResult> {
    return this.executeSync(records, invoke, options, observe);
  }

  /** Runs the registered batch synchronously; provided so `await processor.process()` works too. */
  override async process() {
    return this.processSync();
  }
}
