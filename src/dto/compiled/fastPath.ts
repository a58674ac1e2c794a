import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import type { AsyncConstraintDetector } from '../asyncConstraints.js';
import type { DtoRuntime } from '../runtime.js';
import { verdictOptions } from './checks.js';
import { CompiledTransformer } from './transformer.js';
import type { TransformerStorage } from './transformerStorage.js';
import { CompiledValidator } from './validator.js';

/** What a binder runs before class-transformer and class-validator; either part is absent when it does not compile. */
export interface DtoFastPath {
  transformer: CompiledTransformer | undefined;
  validator: CompiledValidator | undefined;
}

/** class-transformer's defaults (`defaultOptions`): `plainToInstance` spreads the options over them. */
const TRANSFORM_DEFAULTS: Readonly<Record<string, unknown>> = {
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
};

/** One compiled transformer per class-transformer storage: its plans do not depend on the options (only defaults compile). */
const transformers = new WeakMap<TransformerStorage, CompiledTransformer>();

/**
 * The fast path of one DTO class under one set of options, made once per binder: a compiled `plainToInstance` when
 * the options are class-transformer's defaults and the class compiles, a compiled validator when the validator
 * options are modelled and the class compiles.
 */
export function compileFastPath(
  dto: Function,
  runtime: DtoRuntime,
  validatorOptions: ValidatorOptions,
  transformerOptions: ClassTransformOptions | undefined,
  detector: AsyncConstraintDetector,
): DtoFastPath {
  try {
    return {
      transformer: compileTransformer(dto, runtime, transformerOptions),
      validator: compileValidator(dto, runtime, validatorOptions, detector),
    };
  } catch {
    return { transformer: undefined, validator: undefined }; // metadata it cannot read: the libraries do it all
  }
}

function compileTransformer(
  dto: Function,
  runtime: DtoRuntime,
  transformerOptions: ClassTransformOptions | undefined,
): CompiledTransformer | undefined {
  let transformer: CompiledTransformer | undefined;
  const storage = runtime.transformerStorage;
  if (storage !== undefined && hasDefaultTransformOptions(transformerOptions)) {
    transformer = transformers.get(storage);
    if (transformer === undefined) {
      transformer = new CompiledTransformer(storage);
      transformers.set(storage, transformer);
    }
    if (!transformer.compiles(dto)) transformer = undefined;
  }
  return transformer;
}

function compileValidator(
  dto: Function,
  runtime: DtoRuntime,
  validatorOptions: ValidatorOptions,
  detector: AsyncConstraintDetector,
): CompiledValidator | undefined {
  const verdict = verdictOptions(validatorOptions);
  if (verdict === undefined) return undefined;
  const validator = new CompiledValidator(runtime, verdict, detector, validatorOptions.groups);
  return validator.compiles(dto) ? validator : undefined;
}

function hasDefaultTransformOptions(options: ClassTransformOptions | undefined): boolean {
  if (options === undefined) return true;
  return Object.entries(options).every(
    ([key, value]) => Object.hasOwn(TRANSFORM_DEFAULTS, key) && Object.is(value, TRANSFORM_DEFAULTS[key]),
  );
}
