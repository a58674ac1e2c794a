// Catching what a call threw, so a test can assert on it: `instanceof` and `code`, as the house style asks.
import { expect } from 'chai';

/**
 * What `pending` rejected with: a promise, or a call that returns one (or throws before it does). Fails the test when
 * it completes.
 */
export async function rejectionOf(pending: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof pending === 'function' ? pending() : pending);
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to reject');
}

/** What `action` threw synchronously; fails the test when it returned. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to throw');
}
