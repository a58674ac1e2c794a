import { BATCH_HANDLERS } from '../constants.js';
import { ownMetadata } from '../metadata/store.js';
import { UsageError } from './args.js';
import { CliFailure, oneLine } from './errorLine.js';
import type { LambdaHandler } from './loadHandler.js';

type Constructor = abstract new (...args: never[]) => unknown;

/** True for a `class`, or a function whose prototype has `@BatchHandler` methods (a class compiled to ES5). */
export function isClass(value: Function): boolean {
  return /^class\b/.test(Function.prototype.toString.call(value)) || batchHandlerMethods(value).length > 0;
}

/**
 * The `@BatchHandler` methods a class has, its parents' included. A method that a subclass overrides without
 * `@BatchHandler` is a plain method there (legacy decorators apply to one declaration), so it is not one of them.
 */
export function batchHandlerMethods(cls: Function): string[] {
  const names = new Set<string>();
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const { methodName } of ownMetadata(c, BATCH_HANDLERS)) names.add(methodName);
  }
  return [...names].filter((name) => {
    const declaring = nearestOwner(cls.prototype, name);
    return declaring !== undefined && ownMetadata(declaring.constructor, BATCH_HANDLERS).some((m) => m.methodName === name);
  });
}

/**
 * The Lambda handler of an exported class: a new instance's `@BatchHandler` method, when the class has exactly one
 * and a constructor that takes no arguments. Anything else is a usage error that says what to export instead.
 */
export function handlerOfClass(cls: Function, spec: string): { handler: LambdaHandler; method: string } {
  const name = cls.name || 'the class';
  const methods = batchHandlerMethods(cls);
  const [method] = methods;
  if (method === undefined) {
    throw new UsageError(
      `${spec} is a class without a @BatchHandler method: decorate its entry method with @BatchHandler, or export the handler function itself.`,
    );
  }
  if (methods.length > 1) {
    throw new UsageError(
      `${spec} is a class with several @BatchHandler methods (${methods.join(', ')}): export the one to invoke, e.g. export const handler = new ${name}().${method}.`,
    );
  }
  if (cls.length > 0) {
    throw new UsageError(
      `${spec}: the constructor of ${name} takes arguments, which batchkit cannot supply: export the handler of an instance you build, e.g. export const handler = new ${name}(...).${method}.`,
    );
  }
  let instance: Record<string, unknown>;
  try {
    instance = new (cls as unknown as new () => Record<string, unknown>)();
  } catch (error) {
    throw new CliFailure(`new ${name}() threw ${oneLine(error, { where: true })}`);
  }
  const handler = instance[method] as LambdaHandler;
  return { handler: (event, context) => handler(event, context), method };
}

/** The object on `prototype`'s chain that holds `name` itself. */
function nearestOwner(prototype: unknown, name: string): { constructor: Constructor } | undefined {
  for (let p = prototype; p !== null && p !== undefined && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p as object, name)) return p as { constructor: Constructor };
  }
  return undefined;
}
