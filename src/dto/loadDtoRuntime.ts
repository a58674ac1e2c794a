import { dtoRuntime } from './runtime.js';

/**
 * Loads class-transformer and class-validator now (batchkit otherwise loads them when a DTO is first used). Only an
 * ES module that runs `processPartialResponseSync` with a `dto` in the same tick as it made the processor needs it:
 * the processor starts loading them when it is made, and CommonJS loads them synchronously anyway.
 *
 * @example
 * ```ts
 * import { loadDtoRuntime } from 'batchkit';
 * await loadDtoRuntime(); // at the top level of an ES module handler
 * ```
 */
export function loadDtoRuntime(): Promise<void> {
  return dtoRuntime().then(() => undefined);
}
