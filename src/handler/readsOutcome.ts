const read = new WeakMap<Function, boolean>();

/**
 * Whether a `@BatchHandler` method can read the outcome batchkit passes as its third argument: unless it declares
 * one or two parameters, none of them a rest parameter, and never mentions `arguments`. Decided once per method,
 * from its declared parameters and its text; when in doubt, it can.
 */
export function readsOutcome(method: Function): boolean {
  let reads = read.get(method);
  if (reads === undefined) {
    reads = method.length < 1 || method.length > 2 || mayReadArguments(Function.prototype.toString.call(method));
    read.set(method, reads);
  }
  return reads;
}

function mayReadArguments(text: string): boolean {
  const body = text.indexOf('{');
  const head = body < 0 ? text : text.slice(0, body);
  return head.includes('...') || /\barguments\b/.test(text);
}
