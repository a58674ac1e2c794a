import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A record handler's DTO cannot be determined; thrown at the first invocation, never skipped.
 *
 * @example
 * ```ts
 * // bundled with esbuild (no design:paramtypes): name the DTO explicitly
 * @RecordHandler(EventType.SQS, { dto: () => OrderDto })
 * async handle(order: OrderDto) {}
 * ```
 */
export class MissingTypeMetadataError extends BatchProcessingError {
  static override readonly errorName: string = 'MissingTypeMetadataError';
  override readonly code = 'MISSING_TYPE_METADATA' as const;
  override readonly configuration: boolean = true;
  override readonly retryable: boolean = false;

  constructor(
    readonly className: string,
    readonly methodName: string,
    reason: string,
  ) {
    super(
      `${className}.${methodName}: ${reason} Pass the DTO explicitly with @RecordHandler(type, { dto: MyDto }) ` +
        `(or { dto: false } for the raw record), or compile with tsc/ts-node and "emitDecoratorMetadata": true, ` +
        `import 'reflect-metadata' before your handler classes and import the DTO as a value (not with "import type").`,
    );
  }
}
