import type { ClassTransformOptions } from 'class-transformer';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, RecordValidationError } from '../errors/RecordValidationError.js';
import type { Class } from '../types.js';
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

  constructor(
    readonly dto: Class<T>,
    private readonly runtime: DtoRuntime,
    options: { validator?: ValidatorOptions; transformer?: ClassTransformOptions } = {},
  ) {
    this.validatorOptions = { ...VALIDATOR_DEFAULTS, ...options.validator };
    this.transformerOptions = options.transformer;
  }

  /** Payload -> DTO instance, validated with class-validator's async `validate`. */
  async bind(input: unknown): Promise<T> {
    const instance = this.instantiate(input);
    this.check(await this.runtime.validate(instance, this.validatorOptions));
    return instance;
  }

  /** Payload -> DTO instance, validated with `validateSync` (async constraints are not run). */
  bindSync(input: unknown): T {
    const instance = this.instantiate(input);
    this.check(this.runtime.validateSync(instance, this.validatorOptions));
    return instance;
  }

  private instantiate(input: unknown): T {
    return this.runtime.plainToInstance(this.dto, input, this.transformerOptions) as T;
  }

  private check(errors: ValidationError[]): void {
    if (errors.length > 0) {
      throw new RecordValidationError(this.dto.name, errors, flattenValidationErrors(errors));
    }
  }
}
