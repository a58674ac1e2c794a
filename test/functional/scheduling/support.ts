// Helpers for the scheduling tests (concurrency, ordering groups, onError, time budget). No shared state: every call
// returns fresh objects.
import { delay } from '../../support/time';

/** Counts records in flight and keeps a log of `start <id>` / `end <id>` lines in the order they happened. */
export interface FlightTracker {
  readonly log: string[];
  readonly max: number;
  readonly running: number;
  /** Keeps `id` in flight for `ms` milliseconds: logs `start <id>`, waits, logs `end <id>`. */
  inFlight(id: string, ms: number): Promise<void>;
}

export function flightTracker(): FlightTracker {
  const log: string[] = [];
  let running = 0;
  let max = 0;
  return {
    log,
    get max() {
      return max;
    },
    get running() {
      return running;
    },
    async inFlight(id, ms) {
      running++;
      max = Math.max(max, running);
      log.push(`start ${id}`);
      await delay(ms);
      running--;
      log.push(`end ${id}`);
    },
  };
}
