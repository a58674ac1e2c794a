import { InvalidOptionError } from '../errors/InvalidOptionError.js';

/** Limits on a decoded payload, taken from the DTO options (`maxDepth`). */
export interface PayloadLimits {
  /** The deepest nesting of objects, arrays and sets a payload may have (the payload object itself is level 1). */
  maxDepth?: number | undefined;
}

/**
 * The default `maxDepth`. class-validator walks a nested DTO recursively: on Node.js 22 with the default stack it
 * validates about 800 levels of nested objects and 570 levels of nested arrays of objects (1,140 levels of JSON)
 * before the stack overflows, less from inside a deep call stack. 500 leaves room for that and for DTOs that do
 * more per level; no real message nests this deep.
 */
export const DEFAULT_MAX_DEPTH = 500;

/**
 * Checks a `maxDepth` option when a processor or handler is set up: `undefined` (the default) or a whole number of
 * at least 1; anything else throws `InvalidOptionError`.
 *
 * @example
 * ```ts
 * checkMaxDepth(0); // throws InvalidOptionError (option: 'maxDepth')
 * ```
 */
export function checkMaxDepth(value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
    throw new InvalidOptionError('maxDepth', 'a whole number of at least 1', value);
  }
}

/** The depth limit to apply: the configured one, else the default. */
export function maxDepthOf(limits: PayloadLimits | undefined): number {
  return limits?.maxDepth ?? DEFAULT_MAX_DEPTH;
}
