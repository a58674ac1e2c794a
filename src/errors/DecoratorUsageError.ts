import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A decorator was applied where or how it cannot work (standard decorators, a non-method, a bad option).
 *
 * @example
 * ```ts
 * // tsconfig.json: { "compilerOptions": { "experimentalDecorators": true, "emitDecoratorMetadata": true } }
 * // without experimentalDecorators, @RecordHandler throws DecoratorUsageError when the class is declared
 * ```
 */
export class DecoratorUsageError extends BatchProcessingError {
  static override readonly errorName: string = 'DecoratorUsageError';
  override readonly code = 'INVALID_DECORATOR_USAGE' as const;
  override readonly configuration: boolean = true;
  override readonly retryable: boolean = false;
}
