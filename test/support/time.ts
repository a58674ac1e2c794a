// Waiting in tests: for a while, for the next macrotask, or until pending callbacks have run.

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves on the next macrotask, after the promise callbacks already queued. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lets pending promise callbacks and `unhandledRejection` events run. */
export async function settleEventLoop(): Promise<void> {
  for (let i = 0; i < 3; i++) await macrotask();
}
