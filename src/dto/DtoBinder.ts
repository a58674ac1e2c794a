import type { ClassTransformOptions } from 'class-transformer';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { AsyncHandlerError } from '../errors/AsyncHandlerError.js';
import { BatchProcessingError } from '../errors/BatchProcessingError.js';
import { RecordParseError } from '../errors/RecordParseError.js';
import { flattenValidationErrors, RecordValidationError } from '../errors/RecordValidationError.js';
import type { Class } from '../types.js';
import { AsyncConstraintDetector } from './asyncConstraints.js';
import { checkValidatable } from './checkValidatable.js';
import { compileFastPath } from './compiled/fastPath.js';
import { type CompiledTransformer, FALLBACK } from './compiled/transformer.js';
import type { CompiledValidator } from './compiled/validator.js';
import { validateSyncWatched } from './promiseWatch.js';
import type { DtoRuntime } from './runtime.js';

/** Validator defaults: errors never carry the payload (bodies may hold personal data). */
const VALIDATOR_DEFAULTS: ValidatorOptions = {
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** How a binder builds and validates, and who declared its DTO (named by `InvalidDtoError`). */
export interface DtoBinderOptions {
  validator?: ValidatorOptions;
  transformer?: ClassTransformOptions;
  /** `OrderHandler.handle`, or the processor; default: the DTO class's name. */
  declaredBy?: string;
}

/**
 * Builds and validates one DTO class. Created once per (class, options) when a plan or processor is set up,
 * so the per-record path does no option merging. A class that no constraint validates under these options fails here
 * with `InvalidDtoError`, before any record.
 */
export class DtoBinder<T extends object = object> {
  private readonly validatorOptions: ValidatorOptions;
  private readonly transformerOptions: ClassTransformOptions | undefined;
  private readonly detector: AsyncConstraintDetector;
  /** The compiled `plainToInstance` of the class (class-transformer's own runs where it does not compile). */
  private readonly transformer: CompiledTransformer | undefined;
  /** The compiled validator: what it accepts is valid; anything else class-validator validates, as without it. */
  private readonly validator: CompiledValidator | undefined;

  constructor(
    readonly dto: Class<T>,
    private readonly runtime: DtoRuntime,
    options: DtoBinderOptions = {},
  ) {
    this.validatorOptions = { ...VALIDATOR_DEFAULTS, ...options.validator };
    this.transformerOptions = options.transformer;
    this.detector = detectorFor(runtime);
    checkValidatable(dto, runtime, this.validatorOptions, options.declaredBy ?? dto.name);
    ({ transformer: this.transformer, validator: this.validator } = compileFastPath(
      dto,
      runtime,
      this.validatorOptions,
      this.transformerOptions,
      this.detector,
    ));
  }

  /**
   * Payload -> validated DTO instance. Returns synchronously when every constraint of the instance is one of
   * class-validator's own and each answered synchronously (the same errors its `validate` would give, without a
   * promise per record), else a promise of `validate`'s verdict. What the compiled validator accepts is returned at
   * once (`validateSync` would accept it too); anything else goes through class-validator, which gives the errors.
   */
  bind(input: unknown): T | Promise<T> {
    const instance = this.instantiate(input);
    if (this.validator?.accepts(instance)) return instance;
    if (this.detector.asynchronyOf(instance) === 'sync') {
      const { errors, promised } = validateSyncWatched(this.runtime, instance, this.validatorOptions);
      if (promised === undefined) return this.check(instance, errors);
      this.detector.markPromising(promised.constraint); // a user constraint under a built-in's name: validate again
    }
    return this.runtime.validate(instance, this.validatorOptions).then((errors) => this.check(instance, errors));
  }

  /**
   * Payload -> validated DTO instance with `validateSync`. A DTO with constraints declared async, or one whose
   * constraint answers with a promise (user constraints must declare `async: true` if they do, as class-validator
   * asks), fails with `AsyncHandlerError`: `validateSync` would skip them and let the record pass.
   */
  bindSync(input: unknown): T {
    const instance = this.instantiate(input);
    if (this.validator?.accepts(instance)) return instance;
    if (this.detector.asynchronyOf(instance) === 'async') {
      throw new AsyncHandlerError(
        `${this.dto.name} has async constraints, which synchronous processing cannot run: use BatchProcessor.`,
      );
    }
    const { errors, promised } = validateSyncWatched(this.runtime, instance, this.validatorOptions);
    if (promised !== undefined) {
      throw new AsyncHandlerError(
        `${this.dto.name}: the constraint "${promised.name}" on ${promised.at} returned a promise, which synchronous ` +
          'processing cannot await: declare it with `async: true` and use BatchProcessor.',
      );
    }
    return this.check(instance, errors);
  }

  /**
   * The DTO instance. What class-transformer throws (a payload key that hits a getter-only property, a `@Transform`
   * that fails on the wrong type) is the record's fault: `RecordParseError`, the original as `cause`. A batchkit
   * error thrown on purpose (say a `NonRetryableError` from a `@Transform`) is kept as it is.
   */
  private instantiate(input: unknown): T {
    if (this.transformer !== undefined) {
      const built = this.transformer.build(this.dto, input);
      if (built !== FALLBACK) return built as T;
    }
    try {
      return this.runtime.plainToInstance(this.dto, input, this.transformerOptions) as T;
    } catch (error) {
      if (error instanceof BatchProcessingError) throw error;
      const kind = error instanceof Error ? error.name : typeof error;
      throw new RecordParseError(`The payload cannot be built into ${this.dto.name} (${kind}; see cause).`, {
        cause: error,
      });
    }
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
