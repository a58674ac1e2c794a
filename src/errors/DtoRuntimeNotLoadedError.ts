import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * Sync DTO processing in an ES module before class-validator and class-transformer were loaded. The processor
 * starts loading them when it is made, so this happens only when a batch runs in the same tick as that.
 *
 * @example
 * ```ts
 * import { loadDtoRuntime } from 'batchkit';
 * await loadDtoRuntime(); // at the top of an ES module, before synchronous DTO processing
 * ```
 */
export class DtoRuntimeNotLoadedError extends BatchProcessingError {
  static override readonly errorName: string = 'DtoRuntimeNotLoadedError';
  override readonly code = 'DTO_RUNTIME_NOT_LOADED' as const;
  override readonly configuration: boolean = true;
  constructor() {
    super(
      'BatchProcessorSync with a dto ran before class-transformer and class-validator finished loading (an ES module ' +
        "loads them asynchronously). Add `await loadDtoRuntime()` (exported by 'batchkit') at the top level of your " +
        'handler module, or use BatchProcessor.',
    );
  }
}
