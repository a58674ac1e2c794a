import { ClickDto } from './dto';

/** The event claims a time later than Kinesis received it: the sender's clock is wrong. */
export class ClockSkewError extends Error {
  readonly code = 'CLOCK_SKEW';
  /** Retrying cannot fix the timestamp: batchkit reports the failure with `retryable: false`. */
  readonly retryable = false;

  constructor(readonly skewMs: number) {
    super(`The event is dated ${Math.round(skewMs / 1000)} s after Kinesis received it.`);
    this.name = 'ClockSkewError';
  }
}

/** Running counters, in memory (a real function would write them to a time-series store). */
export class ClickStats {
  readonly views = new Map<string, number>();
  readonly clicks = new Map<string, number>();
  readonly sessions = new Set<string>();

  add(click: ClickDto): void {
    this.sessions.add(click.sessionId);
    if (click.type === 'page_view') increment(this.views, click.page);
    if (click.type === 'click') increment(this.clicks, `${click.page}#${click.element}`);
  }
}

function increment(counter: Map<string, number>, key: string): void {
  counter.set(key, (counter.get(key) ?? 0) + 1);
}
