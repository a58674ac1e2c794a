import type { RunExtension } from '../engine/extension.js';
import { InvalidOptionError } from '../errors/InvalidOptionError.js';
import { LegacyExtension } from '../legacy/legacyExtension.js';
import { SqsClientPool } from '../sqs/client/SqsClientPool.js';
import { hasSqsOptions, resolveSqsSettings, type SqsProcessingOptions } from '../sqs/options.js';
import { SqsExtension } from '../sqs/sqsExtension.js';
import type { BatchLogger } from '../types.js';
import { SQS_PROCESSOR_KEYS } from './optionKeys.js';

/** Legacy mode's own option. */
export interface LegacyRequest {
  suppressException: boolean;
}

/**
 * The run extensions for these SQS options (checked here, once, where they enter): the SQS features when any is
 * asked for, legacy deletes with `legacy`; they share one client pool. None without SQS options. Throws
 * `InvalidOptionError` for SQS options on another event type, or for unusable values.
 */
export function sqsExtensions(
  eventType: string | undefined,
  options: SqsProcessingOptions,
  legacy: LegacyRequest | undefined,
  logger: BatchLogger,
): RunExtension[] {
  if (!hasSqsOptions(options) && legacy === undefined) return [];
  if (eventType !== 'SQS') {
    const given = SQS_PROCESSOR_KEYS.find((key) => options[key] !== undefined);
    const where = `left out of ${eventType === undefined ? 'an any-source' : `a ${eventType}`} processor: SQS processors only`;
    if (given === undefined) throw new InvalidOptionError('deleteSuccessful', where, true);
    throw new InvalidOptionError(given, where, options[given]);
  }
  const pool = new SqsClientPool(options.client, options.clientConfig);
  const extensions: RunExtension[] = [];
  if (hasSqsOptions(options)) extensions.push(new SqsExtension(resolveSqsSettings(options), pool, logger));
  if (legacy !== undefined) extensions.push(new LegacyExtension(pool, legacy.suppressException, logger));
  return extensions;
}
