import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A DTO cannot be used, found when the handler plan or the processor's DTO plan is built (at the first batch, before
 * any record runs): its `dto` thunk threw, or the class has no class-validator constraint that applies (decorators
 * forgotten, or only class-transformer's `@Type` / `@Expose`), so `forbidUnknownValues` would fail every record.
 * A configuration error: the invocation rejects, no record is failed, retried as poison or sent to a dead-letter queue.
 *
 * @example
 * ```ts
 * class OrderDto {
 *   id!: string; // no @IsString(): every record would fail, so the first batch rejects with InvalidDtoError
 * }
 * // a DTO that is only transformed, never validated, says so:
 * new BatchProcessor(EventType.SQS, { dto: OrderDto, validator: { forbidUnknownValues: false } });
 * ```
 */
export class InvalidDtoError extends BatchProcessingError {
  static override readonly errorName: string = 'InvalidDtoError';
  override readonly code = 'INVALID_DTO' as const;
  override readonly configuration: boolean = true;
  override readonly retryable: boolean = false;

  constructor(
    /** Who declared the DTO: `OrderHandler.handle` (decorator API) or the processor's class name. */
    readonly declaredBy: string,
    /** What is wrong and how to fix it. */
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${declaredBy}: ${reason}`, options);
  }
}
