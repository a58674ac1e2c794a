import type { Context } from 'aws-lambda';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';

const DEFAULT_MARGIN_MS = 500;
/** The longest delay `setTimeout` takes; longer ones overflow and fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks `deadlineMarginMs`: milliseconds >= 0, or `false`. */
export function checkMargin(value: unknown): number | false {
  if (value !== false && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new InvalidOptionError('deadlineMarginMs', 'a number of milliseconds >= 0, or false', value);
  }
  return value;
}

/** The deadline, or `undefined`; the margin is checked even without a context, so a bad value fails in every test. */
export function deadlineOf(context: Context | undefined, margin: number | false | undefined): number | undefined {
  const ms = checkMargin(margin ?? DEFAULT_MARGIN_MS);
  if (ms === false) return undefined;
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  const remaining = context.getRemainingTimeInMillis();
  return typeof remaining === 'number' && Number.isFinite(remaining) ? Date.now() + remaining - ms : undefined;
}

/** True once the deadline (if any) has passed. */
export function pastDeadline(deadline: number | undefined): boolean {
  return deadline !== undefined && Date.now() >= deadline;
}

/**
 * Calls `expire` at the deadline. Delays beyond what `setTimeout` takes (a remaining time of weeks) are waited in
 * steps, so the timer never overflows and fires early. Returns the function that cancels it.
 */
export function atDeadline(deadline: number, expire: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const wait = deadline - Date.now();
    if (wait <= 0) {
      timer = undefined;
      expire();
      return;
    }
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
  };
  arm();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}
