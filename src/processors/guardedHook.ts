import { isThenable, requireSync } from '../engine/thenable.js';
import { type HookName, hookFailure } from '../errors/HookError.js';

/**
 * Calls a processor's `prepare` or `clean`: what it throws or rejects reaches the caller as a `HookError` naming it
 * (batchkit's own errors as they are). In a synchronous run, one that returns a promise throws `AsyncHandlerError`.
 */
export function guardedHook(hook: HookName, call: () => unknown, sync: boolean): unknown {
  let value: unknown;
  try {
    value = call();
  } catch (error) {
    throw hookFailure(hook, error);
  }
  if (!isThenable(value)) return undefined;
  if (sync) requireSync(value, `${hook}()`);
  return Promise.resolve(value).then(
    () => undefined,
    (error: unknown) => {
      throw hookFailure(hook, error);
    },
  );
}
