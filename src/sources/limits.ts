import { InvalidOptionError } from '../errors/InvalidOptionError.js';

/** Limits on a decoded payload, taken from the DTO options (`maxDepth`). */
export interface PayloadLimits {
  /** The deepest nesting of objects, arrays and sets a payload may have (the payload object itself is level 1). */
  maxDepth?: number | undefined;
}

/**
 * The default `maxDepth`, the same for JSON bodies (SQS, Kinesis, an SNS Message) and DynamoDB images. class-validator
 * walks a nested DTO recursively (class-transformer goes deeper): measured on Node.js 22 with the default stack, a
 * fresh process (a cold start) validates about 810 levels of nested objects, or about 900 levels where arrays and
 * objects alternate, before the stack overflows (about 930 once the code is optimised). 500 leaves room for DTOs that
 * do more per level and for deeper call stacks; no real message nests this deep. A payload deeper than the limit
 * fails its record with `RecordParseError`, which is not retryable.
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
