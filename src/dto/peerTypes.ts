// The class-validator and class-transformer types that batchkit's public types mention, written structurally: both
// are optional peers, so a user without DTOs (and without them installed) must be able to compile against batchkit.
// Their own `ValidatorOptions`, `ClassTransformOptions` and `ValidationError` fit these without a cast.

/**
 * class-validator's `ValidatorOptions` (0.14 and 0.15), merged over batchkit's defaults.
 *
 * @example
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, validator: { whitelist: true, forbidNonWhitelisted: true } });
 * ```
 */
export interface ValidatorOptionsLike {
  enableDebugMessages?: boolean;
  skipUndefinedProperties?: boolean;
  skipNullProperties?: boolean;
  skipMissingProperties?: boolean;
  whitelist?: boolean;
  forbidNonWhitelisted?: boolean;
  groups?: string[];
  always?: boolean;
  strictGroups?: boolean;
  dismissDefaultMessages?: boolean;
  validationError?: { target?: boolean; value?: boolean };
  forbidUnknownValues?: boolean;
  stopAtFirstError?: boolean;
}

/**
 * class-transformer's `ClassTransformOptions` (0.5), passed to `plainToInstance`.
 *
 * @example
 * ```ts
 * const processor = new BatchProcessor(EventType.SQS, { dto: OrderDto, transformer: { excludeExtraneousValues: true } });
 * ```
 */
export interface TransformOptionsLike {
  strategy?: 'excludeAll' | 'exposeAll';
  excludeExtraneousValues?: boolean;
  groups?: string[];
  version?: number;
  excludePrefixes?: string[];
  ignoreDecorators?: boolean;
  targetMaps?: { target: Function; properties: { [key: string]: Function } }[];
  enableCircularCheck?: boolean;
  enableImplicitConversion?: boolean;
  exposeDefaultValues?: boolean;
  exposeUnsetFields?: boolean;
}

/**
 * One node of class-validator's error tree (its `ValidationError`): the failed constraints of one property, and the
 * errors of nested objects under `children`.
 *
 * @example
 * ```ts
 * const names = (error: ValidationErrorLike): string[] => [error.property, ...(error.children ?? []).flatMap(names)];
 * ```
 */
export interface ValidationErrorLike {
  property: string;
  constraints?: { [type: string]: string };
  children?: ValidationErrorLike[];
  contexts?: { [type: string]: unknown };
  target?: object;
  value?: unknown;
}
