import type { ClassTransformOptions } from 'class-transformer';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import { flattenValidationErrors, RecordValidationError } from '../errors/RecordValidationError.js';
import type { Class } from '../types.js';
import { AsyncConstraintDetector } from './asyncConstraints.js';
import type { DtoRuntime } from './runtime.js';

/** Validator defaults: errors never carry the payload (bodies may hold personal data). */
const VALIDATOR_DEFAULTS: ValidatorOptions = {
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/**
 * Builds and validates one DTO class. Created once per (class, options) when a plan or processor is set up,
 * so the per-record path does no option merging.
 */
export class DtoBinder<T extends object = object> {
  private readonly validatorOptions: ValidatorOptions;
  private readonly transformerOptions: ClassTransformOptions | undefined;
  private readonly detector: AsyncConstraintDetector;

  constructor(
    readonly dto: Class<T>,
    private readonly runtime: DtoRuntime,
    options: { validator?: ValidatorOptions; transformer?: ClassTransformOptions } = {},
  ) {
    this.validatorOptions = { ...VALIDATOR_DEFAULTS, ...options.validator };
    this.transformerOptions = options.transformer;
    this.detector = detectorFor(runtime);
  }

  /**
   * Payload -> validated DTO instance. Returns synchronously when every constraint of the instance is one of
   * class-validator's own (the same errors its `validate` would give, without a promise per record), else a promise.
   */
  bind(input: unknown): T | Promise<T> {
    const instance = this.instantiate(input);
    if (this.detector.asynchronyOf(instance) !== 'sync')
      return this.runtime.validate(instance, this.validatorOptions).then((errors) => this.check(instance, errors));
    return this.check(instance, this.runtime.validateSync(instance, this.validatorOptions));
  }

  /**
   * Payload -> validated DTO instance with `validateSync`; a DTO with constraints declared async fails with
   * `AsyncHandlerError` (user constraints must declare `async: true` if they return promises, as class-validator asks).
   */
  bindSync(input: unknown): T {
    const instance = this.instantiate(input);
    if (this.detector.asynchronyOf(instance) === 'async') {
      throw new AsyncHandlerError(
        `${this.dto.name} has async constraints, which synchronous processing cannot run: use BatchProcessor.`,
      );
    }
    return this.check(instance, this.runtime.validateSync(instance, this.validatorOptions));
  }

  private instantiate(input: unknown): T {
    return this.runtime.plainToInstance(this.dto, input, this.transformerOptions) as T;
  }

  private check(instance: T, errors: ValidationError[]): T {
    if (errors.length > 0) {
      throw new RecordValidationError(this.dto.name, errors, flattenValidationErrors(errors));
    }
    return instance;
  }
}

const detectors = new WeakMap<DtoRuntime, AsyncConstraintDetector>();

/** One detector (and so one per-class cache) per loaded class-validator. */
function detectorFor(runtime: DtoRuntime): AsyncConstraintDetector {
  let detector = detectors.get(runtime);
  if (detector === undefined) {
    detector = new AsyncConstraintDetector(runtime);
    detectors.set(runtime, detector);
  }
  return detector;
}
