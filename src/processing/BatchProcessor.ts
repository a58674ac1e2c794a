import type { EventType } from '../constants.js';
import { resolveDto } from '../dto/resolveDto.js';
import { type DtoRuntime, loadDtoRuntime } from '../dto/runtime.js';
import { sourceOfType } from '../sources/registry.js';
import type { Class, DtoOptions } from '../types.js';
import { BasePartialProcessor, type BaseProcessorOptions, type ProceduralHandler } from './BasePartialProcessor.js';
import { createDtoPlan, type DtoPlan, dtoInput } from './dtoInvoker.js';
import type { RecordInvoker } from './ProcessingRun.js';

/** Options of `BatchProcessor` and `BatchProcessorSync`. */
export interface BatchProcessorOptions extends BaseProcessorOptions, DtoOptions {
  /** Build and validate this DTO from each record's payload; the handler then gets `(dto, record, context, recordContext)`. */
  dto?: Class | (() => Class);
}

/**
 * Processes the records of one event source, one at a time, in input order.
 *
 * @example SQS
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS);
 * export const handler = (event: SQSEvent, context: Context) =>
 *   processPartialResponse(event, async (record) => save(JSON.parse(record.body)), processor, { context });
 * ```
 * @example Kinesis with a DTO
 * ```ts
 * const processor = new BatchProcessor(EventType.KinesisDataStreams, { dto: ClickDto });
 * export const handler = (event: KinesisStreamEvent) => processPartialResponse(event, (click: ClickDto) => track(click), processor);
 * ```
 * @example DynamoDB Streams
 * ```ts
 * const processor = new BatchProcessor(EventType.DynamoDBStreams);
 * export const handler = (event: DynamoDBStreamEvent) => processPartialResponse(event, (record) => sync(record), processor);
 * ```
 */
export class BatchProcessor extends BasePartialProcessor {
  private readonly dtoOptions: DtoOptions;
  protected readonly dto: Class | undefined;
  private dtoPlan: DtoPlan | undefined;

  constructor(eventType: EventType, options: BatchProcessorOptions = {}) {
    super(eventType, options);
    const { dto, from, validator, transformer } = options;
    this.dto =
      dto === undefined
        ? undefined
        : resolveDto({ className: new.target.name, methodName: 'constructor', explicit: dto, declaringPrototype: {}, arity: 1 });
    this.dtoOptions = { from, validator, transformer };
  }

  override invokerFor(handler: ProceduralHandler): RecordInvoker | Promise<RecordInvoker> {
    if (this.dto === undefined) return super.invokerFor(handler);
    // Always a promise, so sync entry points refuse this processor whether or not the plan is cached yet.
    if (this.dtoPlan !== undefined) return Promise.resolve(this.dtoInvoker(handler, this.dtoPlan));
    return loadDtoRuntime().then((runtime) => this.dtoInvoker(handler, this.planDto(runtime)));
  }

  /** Creates the DTO plan once per processor; it depends only on the constructor options. */
  protected planDto(runtime: DtoRuntime): DtoPlan {
    this.dtoPlan ??= createDtoPlan(this.dto as Class, runtime, this.dtoOptions);
    return this.dtoPlan;
  }

  protected dtoInvoker(handler: ProceduralHandler, plan: DtoPlan): RecordInvoker {
    const source = sourceOfType(this.eventType as EventType);
    return (record, context) => {
      const dto = plan.binder.bind(dtoInput(plan, source, record));
      if (dto instanceof Promise) return dto.then((value) => handler(value, record, context.lambdaContext, context));
      return handler(dto, record, context.lambdaContext, context);
    };
  }
}
