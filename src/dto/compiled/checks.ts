import type { ValidatorOptions } from 'class-validator';
import type { DtoRuntime } from '../runtime.js';

/**
 * class-validator's own constraints that the compiled validator runs (their names, as in the errors). Each is run
 * through class-validator's constraint instance, so the answer is its own function's (`isEmail`, `isISO8601`, ...).
 */
export const COMPILED_CONSTRAINTS: ReadonlySet<string> = new Set([
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isPositive',
  'min',
  'max',
  'isIn',
  'matches',
  'maxLength',
  'minLength',
  'isNotEmpty',
  'isEmail',
  'isIso8601',
  'isArray',
  'arrayNotEmpty',
  'arrayMinSize',
  'arrayMaxSize',
]);

/** Constraints that take long (validator.js parsers): checked after the others, so that a rejection comes sooner. */
export const SLOW_CONSTRAINTS: ReadonlySet<string> = new Set(['isEmail', 'isIso8601', 'matches']);

/** The validator options that decide a verdict, as `ValidationExecutor` reads them. */
export interface VerdictOptions {
  forbidUnknownValues: boolean;
  whitelist: boolean;
  skipUndefinedProperties: boolean;
  skipNullProperties: boolean;
  skipMissingProperties: boolean;
}

/** Options that change messages or which errors are listed, never whether there is one. */
const NEUTRAL = new Set(['validationError', 'dismissDefaultMessages', 'stopAtFirstError', 'forbidNonWhitelisted']);
const VERDICT = new Set([
  'forbidUnknownValues',
  'whitelist',
  'skipUndefinedProperties',
  'skipNullProperties',
  'skipMissingProperties',
]);

/**
 * The options the compiled validator models, or `undefined` when they ask for something it does not (groups,
 * `always`, `strictGroups`, debug messages, an option it does not know): then class-validator validates every record.
 */
export function verdictOptions(options: ValidatorOptions): VerdictOptions | undefined {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || NEUTRAL.has(key) || VERDICT.has(key)) continue;
    if (key === 'groups' && Array.isArray(value) && value.length === 0) continue;
    if ((key === 'always' || key === 'strictGroups' || key === 'enableDebugMessages') && value === false) continue;
    return undefined;
  }
  return {
    forbidUnknownValues: options.forbidUnknownValues !== false,
    whitelist: Boolean(options.whitelist),
    skipUndefinedProperties: options.skipUndefinedProperties === true,
    skipNullProperties: options.skipNullProperties === true,
    skipMissingProperties: options.skipMissingProperties === true,
  };
}

/**
 * A constraint class made by class-validator's own `registerDecorator` (its source is part of `registerDecorator`'s),
 * as every built-in decorator's is; a user's `@ValidatorConstraint` class under a built-in's name is not.
 */
export function isRegisteredByValidator(runtime: DtoRuntime, constraintCls: unknown): boolean {
  if (typeof constraintCls !== 'function') return false;
  const source = Function.prototype.toString.call(constraintCls);
  return source.length > 0 && runtime.registerDecoratorSource.includes(source);
}

/** `@IsOptional()`'s condition: the metadata is named so and its function is the one `IsOptional` makes. */
export function isOptionalCondition(runtime: DtoRuntime, name: unknown, constraints: unknown): boolean {
  if (name !== 'isOptional' || !Array.isArray(constraints) || constraints.length !== 1) return false;
  const condition: unknown = constraints[0];
  if (typeof condition !== 'function') return false;
  const source = Function.prototype.toString.call(condition);
  return source.length > 0 && runtime.isOptionalSource.includes(source);
}

/**
 * A constraint's answer that class-validator counts as passed in `validateSync`, and no promise. A promise (a user
 * constraint under a built-in's name) is not waited for but silenced (the library path then runs and reports it).
 */
export function passed(answer: unknown): boolean {
  if (!answer) return false;
  if (typeof answer !== 'object' || typeof (answer as { then?: unknown }).then !== 'function') return true;
  Promise.resolve(answer).then(undefined, () => {});
  return false;
}
