import { DecoratorUsageError } from '../errors/DecoratorUsageError.js';

/**
 * Checks that a decorator runs as a legacy (experimentalDecorators) method decorator on an instance method,
 * and returns the method's name.
 */
export function legacyMethodName(decorator: string, target: unknown, key: unknown, descriptor: unknown): string {
  if (typeof key === 'object' && key !== null && 'kind' in key) {
    throw new DecoratorUsageError(
      `@${decorator} was applied as a TC39 standard decorator. batchkit (like class-validator) needs legacy decorators: ` +
        'set "experimentalDecorators": true (and "emitDecoratorMetadata": true for DTO inference) in tsconfig.json.',
    );
  }
  if (typeof key !== 'string') {
    throw new DecoratorUsageError(`@${decorator} needs a method with a string name.`);
  }
  if (typeof target === 'function') {
    throw new DecoratorUsageError(
      `@${decorator} cannot decorate the static method ${target.name}.${key}: use an instance method.`,
    );
  }
  const value = (descriptor as PropertyDescriptor | undefined)?.value;
  if (typeof value !== 'function') {
    throw new DecoratorUsageError(`@${decorator} must decorate a method; ${key} is not one.`);
  }
  return key;
}
