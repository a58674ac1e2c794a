import type { ValidatorOptions } from 'class-validator';
import { InvalidDtoError } from '../errors/InvalidDtoError.js';
import type { Class } from '../types.js';
import type { DtoRuntime } from './runtime.js';

/**
 * Throws `InvalidDtoError` when class-validator would reject every instance of `dto` as an unknown value: with
 * `forbidUnknownValues` (batchkit's default) and no class-validator metadata that applies to the class under these
 * options. That is class-validator's own test: the metadata of the class and its parent classes, filtered by
 * `groups`, `always` and `strictGroups`. class-transformer's `@Type` / `@Expose` are no class-validator metadata; a
 * DTO that is only transformed says so with `forbidUnknownValues: false`. Nested classes are not looked at here
 * (batchkit does not read `@Type`): one without constraints fails its records at its path, as class-validator says.
 *
 * @example
 * ```ts
 * class Undecorated { id!: string; }
 * checkValidatable(Undecorated, runtime, { forbidUnknownValues: true }, 'OrderHandler.handle'); // throws InvalidDtoError
 * ```
 */
export function checkValidatable(dto: Class, runtime: DtoRuntime, options: ValidatorOptions, declaredBy: string): void {
  if (options.forbidUnknownValues === false) return;
  const storage = runtime.getMetadataStorage();
  if (typeof storage.getTargetValidationMetadatas !== 'function') return; // cannot tell: class-validator will say
  const applying = storage.getTargetValidationMetadatas(
    dto,
    undefined as unknown as string, // an instance is validated against its class, never a schema
    options.always ?? false,
    options.strictGroups ?? false,
    options.groups,
  );
  if (applying.length > 0) return;
  const groups = options.groups ?? [];
  const what =
    groups.length > 0
      ? `no class-validator constraint of ${dto.name} (or of its parent classes) is in the groups ${groups.join(', ')}`
      : `${dto.name} has no class-validator constraint (neither it nor its parent classes; class-transformer's @Type and @Expose do not count)`;
  throw new InvalidDtoError(
    declaredBy,
    `${what}, so forbidUnknownValues would fail every record. Decorate its properties (@IsString(), @ValidateNested(), ...), ` +
      'or pass validator: { forbidUnknownValues: false } to build it without validation (with @RecordHandler, dto: false hands over the raw record).',
  );
}
