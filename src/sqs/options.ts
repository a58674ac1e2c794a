import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import type { SqsClientConfigLike, SqsClientLike } from './client/clientTypes.js';

/** What happens to a record that failed in a way retries cannot fix (parse, validation, `NonRetryableError`). */
export type PoisonMessagePolicy = 'retry' | 'dlq';

/** An error class (matched with `instanceof`). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Exponential visibility backoff for failed messages: `min(maxSeconds, baseSeconds * 2^(attempt - 1))`, where
 * `attempt` is the message's `ApproximateReceiveCount`.
 */
export interface RetryBackoff {
  /** The delay after the first failed attempt, in seconds. */
  baseSeconds: number;
  /** The longest delay, in seconds (SQS allows at most 43200, 12 hours). */
  maxSeconds: number;
  /** Spread the delays: a random value between half the computed delay and all of it (default false). */
  jitter?: boolean;
}

/** SQS features shared by `BatchProcessor(EventType.SQS)`, `SqsFifoPartialProcessor` and `PartialSqsProcessor`. */
export interface SqsProcessingOptions {
  /**
   * `'retry'` (default): a record that failed validation is retried like any failure, until the queue's
   * `maxReceiveCount` moves it to the DLQ. `'dlq'`: it is sent to the DLQ right away and counts as handled.
   */
  poisonMessages?: PoisonMessagePolicy;
  /** The DLQ to send poison messages to; default: the source queue's `RedrivePolicy`. Implies `poisonMessages: 'dlq'`. */
  dlqUrl?: string;
  /** Errors (besides parse and validation failures and `NonRetryableError`) that retrying cannot fix. */
  nonRetryableErrors?: readonly ErrorClass[];
  /** Change each failed message's visibility to an exponential backoff before the response is returned. */
  retryBackoff?: RetryBackoff;
  /** The SQS client to use (default: one per region, created on first use from `clientConfig`). */
  client?: SqsClientLike;
  /** Configuration of the clients batchkit creates; the region defaults to the queue's (from its ARN). */
  clientConfig?: SqsClientConfigLike;
}

/** The resolved settings of the SQS features of one processor. */
export interface SqsFeatureSettings {
  poisonMessages: PoisonMessagePolicy;
  dlqUrl: string | undefined;
  nonRetryableErrors: readonly ErrorClass[];
  retryBackoff: RetryBackoff | undefined;
}

/** The longest visibility timeout SQS accepts, in seconds. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** True when any SQS feature option is set (so the processor needs its SQS features). */
export function hasSqsOptions(options: SqsProcessingOptions): boolean {
  return (
    options.poisonMessages !== undefined ||
    options.dlqUrl !== undefined ||
    options.nonRetryableErrors !== undefined ||
    options.retryBackoff !== undefined ||
    options.client !== undefined ||
    options.clientConfig !== undefined
  );
}

/** Checks the options and applies the defaults; throws `InvalidOptionError`. */
export function resolveSqsSettings(options: SqsProcessingOptions): SqsFeatureSettings {
  const { dlqUrl, nonRetryableErrors = [], retryBackoff } = options;
  if (dlqUrl !== undefined && (typeof dlqUrl !== 'string' || dlqUrl.length === 0))
    throw new InvalidOptionError('dlqUrl', 'a queue URL', dlqUrl);
  const poisonMessages = options.poisonMessages ?? (dlqUrl === undefined ? 'retry' : 'dlq');
  if (poisonMessages !== 'retry' && poisonMessages !== 'dlq')
    throw new InvalidOptionError('poisonMessages', "'retry' or 'dlq'", poisonMessages);
  if (dlqUrl !== undefined && poisonMessages === 'retry')
    throw new InvalidOptionError('poisonMessages', "'dlq' when dlqUrl is given", poisonMessages);
  if (
    !Array.isArray(nonRetryableErrors) ||
    nonRetryableErrors.some((c) => typeof c !== 'function' || typeof c.prototype !== 'object')
  )
    throw new InvalidOptionError('nonRetryableErrors', 'an array of error classes', nonRetryableErrors);
  if (options.client !== undefined && options.clientConfig !== undefined)
    throw new InvalidOptionError('clientConfig', 'left out when a client is given (configure that client instead)', 'both');
  if (retryBackoff !== undefined) checkBackoff(retryBackoff);
  return { poisonMessages, dlqUrl, nonRetryableErrors, retryBackoff };
}

function checkBackoff(backoff: RetryBackoff): void {
  const { baseSeconds, maxSeconds } = backoff ?? ({} as RetryBackoff);
  if (typeof baseSeconds !== 'number' || !Number.isFinite(baseSeconds) || baseSeconds < 0)
    throw new InvalidOptionError('retryBackoff.baseSeconds', 'a number of seconds >= 0', baseSeconds);
  if (typeof maxSeconds !== 'number' || !(maxSeconds >= baseSeconds) || maxSeconds > MAX_VISIBILITY_SECONDS)
    throw new InvalidOptionError(
      'retryBackoff.maxSeconds',
      `a number of seconds from baseSeconds to ${MAX_VISIBILITY_SECONDS}`,
      maxSeconds,
    );
}

/** The SQS options of `@BatchHandler` (they apply to SQS records; records of other sources are untouched). */
export interface SqsHandlerOptions extends Omit<SqsProcessingOptions, 'client' | 'clientConfig'> {
  /**
   * Legacy mode, for event source mappings without `ReportBatchItemFailures`: when some records fail, delete the
   * successful messages and throw `SqsBatchProcessingError` so that only the failed ones return (default false).
   */
  deleteSuccessful?: boolean;
  /** The SQS client for legacy mode, the DLQ and backoff (default: one per region, created on first use). */
  sqsClient?: SqsClientLike;
  /** Configuration of the clients batchkit creates (the region defaults to the queue's). */
  sqsClientConfig?: SqsClientConfigLike;
  /** Legacy mode: warn and return the partial response instead of throwing (default false). */
  suppressException?: boolean;
}
