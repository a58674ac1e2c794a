import type { EventType } from '../constants.js';
import { createDtoPlan, type DtoPlan, dtoInput } from '../dto/dtoInvoker.js';
import { resolveDto } from '../dto/resolveDto.js';
import { type DtoRuntime, dtoRuntime, preloadDtoRuntime } from '../dto/runtime.js';
import { InvalidDtoError } from '../errors/InvalidDtoError.js';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { sourceOfType } from '../sources/registry.js';
import type { SqsProcessingOptions } from '../sqs/options.js';
import type { Class, DtoOptions } from '../types.js';
import { BasePartialProcessor } from './BasePartialProcessor.js';
import type { RecordInvoker } from './invocation.js';
import { DTO_KEYS, SQS_PROCESSOR_KEYS } from './optionKeys.js';
import type { BaseProcessorOptions, ProceduralHandler } from './processorOptions.js';
import { type LegacyRequest, sqsExtensions } from './sqsExtensions.js';

/** Options of `BatchProcessor` and `BatchProcessorSync`. */
export interface BatchProcessorOptions extends BaseProcessorOptions, DtoOptions {
  /** Build and validate this DTO from each record's payload; the handler then gets `(dto, record, context, recordContext)`. */
  dto?: Class | (() => Class);
}

/** Options of `BatchProcessor(EventType.SQS)` and `SqsFifoPartialProcessor`: the SQS features come on top. */
export interface SqsBatchProcessorOptions extends BatchProcessorOptions, SqsProcessingOptions {}

/**
 * Processes the records of one event source: one at a time in input order by default, or up to `concurrency` at
 * once, the records of one ordering group (FIFO `MessageGroupId`, Kinesis `partitionKey`, DynamoDB `Keys`) still
 * one after another in input order. `onError` decides what a failure does to the rest of the batch. Results, the
 * response and the hooks stay in input order. See docs/concurrency.md.
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
  protected readonly dto: Class | (() => Class) | undefined;
  private dtoPlan: DtoPlan | undefined;

  constructor(eventType: typeof EventType.SQS, options?: SqsBatchProcessorOptions);
  constructor(eventType: EventType, options?: BatchProcessorOptions);
  constructor(eventType: EventType, options: SqsBatchProcessorOptions = {}) {
    super(eventType, options);
    this.extensions.push(...sqsExtensions(eventType, options, this.legacyMode(options), this.logger));
    const { dto, from, envelope, validator, transformer, maxDepth } = options;
    if (dto !== undefined && typeof dto !== 'function')
      throw new InvalidOptionError('dto', 'a DTO class or a function returning one', dto);
    this.dto = dto; // a thunk is called at the first batch, so it survives circular imports
    this.dtoOptions = { from, envelope, validator, transformer, maxDepth };
    if (dto !== undefined) preloadDtoRuntime(); // an ES module loads the peers asynchronously: start now
  }

  /** The DTO class: the option itself, or what its thunk returns. */
  private dtoClass(): Class {
    try {
      return resolveDto({
        className: this.constructor.name,
        methodName: 'dto',
        explicit: this.dto,
        declaringPrototype: {},
        arity: 1,
      }) as Class;
    } catch (error) {
      if (error instanceof InvalidDtoError) throw error; // the thunk threw: its error is the cause
      throw new InvalidOptionError('dto', 'a DTO class or a function returning one', this.dto);
    }
  }

  protected override acceptedOptions(): readonly string[] {
    return [...super.acceptedOptions(), 'dto', ...DTO_KEYS, ...SQS_PROCESSOR_KEYS];
  }

  /** Legacy mode (`PartialSqsProcessor`): delete the processed messages when some failed. */
  protected legacyMode(_options: SqsBatchProcessorOptions): LegacyRequest | undefined {
    return undefined;
  }

  override invokerFor(handler: ProceduralHandler): RecordInvoker | Promise<RecordInvoker> {
    if (this.dto === undefined) return super.invokerFor(handler);
    // Always a promise, so sync entry points refuse this processor whether or not the plan is cached yet.
    if (this.dtoPlan !== undefined) return Promise.resolve(this.dtoInvoker(handler, this.dtoPlan));
    return dtoRuntime().then((runtime) => this.dtoInvoker(handler, this.planDto(runtime)));
  }

  /**
   * Creates the DTO plan once per processor; it depends only on the constructor options.
   * @internal
   */
  protected planDto(runtime: DtoRuntime): DtoPlan {
    this.dtoPlan ??= createDtoPlan(this.dtoClass(), runtime, this.dtoOptions);
    return this.dtoPlan;
  }

  /** @internal */
  protected dtoInvoker(handler: ProceduralHandler, plan: DtoPlan): RecordInvoker {
    const source = sourceOfType(this.eventType as EventType);
    return (record, context) => {
      const dto = plan.binder.bind(dtoInput(plan, source, record, context));
      if (dto instanceof Promise) return dto.then((value) => handler(value, record, context.lambdaContext, context));
      return handler(dto, record, context.lambdaContext, context);
    };
  }
}
