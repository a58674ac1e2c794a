import { anyItemIdentifier } from '../sources/registry.js';
import type { BatchRecord } from '../types.js';
import { oneLine } from './errorLine.js';

/**
 * What Lambda makes of a handler's response when the event source mapping reports batch item failures
 * (`ReportBatchItemFailures`): either it accepts it (every record succeeded but the listed ones), or it treats the
 * invocation as a failure of the whole batch and retries every record.
 */
export type ResponseVerdict =
  | {
      accepted: true /** The response as Lambda receives it: serialized to JSON and read back. */;
      response: unknown;
      failed: ReadonlySet<string>;
    }
  | { accepted: false /** Absent when the response cannot be serialized. */; response?: unknown; reason: string };

/**
 * Reads a response as Lambda does. It is serialized to JSON first (a BigInt or a circular object fails the
 * invocation). `null`, an empty object or an empty or null `batchItemFailures` means the whole batch succeeded;
 * anything else must be an array of `{ itemIdentifier }` naming records of the event. A missing, null or empty
 * identifier, a wrong key, an identifier that is not in the event, or a response that is not an object fails the
 * whole batch.
 */
export function readResponse(event: unknown, response: unknown): ResponseVerdict {
  let text: string | undefined;
  try {
    text = JSON.stringify(response);
  } catch (error) {
    return {
      accepted: false,
      reason: `the response cannot be serialized to JSON (${oneLine(error)}), so the invocation fails`,
    };
  }
  const received: unknown = text === undefined ? null : JSON.parse(text);
  const reason = problemOf(received, identifiersOf(event));
  return reason === undefined
    ? { accepted: true, response: received, failed: new Set(failedIdentifiers(received)) }
    : { accepted: false, response: received, reason };
}

function problemOf(response: unknown, known: ReadonlySet<string>): string | undefined {
  if (response === null) return undefined;
  if (typeof response !== 'object' || Array.isArray(response))
    return `the response is ${kindOf(response)}, not an object with batchItemFailures`;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return undefined;
  if (!Array.isArray(failures)) return `batchItemFailures is ${kindOf(failures)}, not an array`;
  for (const [i, entry] of failures.entries()) {
    const at = `batchItemFailures[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return `${at} is ${kindOf(entry)}, not an object with an itemIdentifier`;
    if (!Object.hasOwn(entry, 'itemIdentifier')) {
      const keys = Object.keys(entry);
      return `${at} has no itemIdentifier key (${keys.length > 0 ? `its keys: ${keys.join(', ')}` : 'it is empty'})`;
    }
    const id = (entry as { itemIdentifier: unknown }).itemIdentifier;
    if (id === null) return `${at}.itemIdentifier is null`;
    if (typeof id !== 'string') return `${at}.itemIdentifier is ${kindOf(id)}, not a string`;
    if (id === '') return `${at}.itemIdentifier is empty`;
    if (known.size > 0 && !known.has(id))
      return `${at}.itemIdentifier ${JSON.stringify(id)} is not the identifier of any record in the event`;
  }
  return undefined;
}

function failedIdentifiers(response: unknown): string[] {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  return Array.isArray(failures) ? failures.map((f: { itemIdentifier: string }) => f.itemIdentifier) : [];
}

/** The identifiers of the event's records (message id, sequence number) that batchkit can read. */
function identifiersOf(event: unknown): ReadonlySet<string> {
  const records = (event as { Records?: unknown } | null)?.Records;
  const ids = new Set<string>();
  if (Array.isArray(records)) {
    for (const record of records) {
      const id = anyItemIdentifier(record as BatchRecord);
      if (id !== undefined) ids.add(id);
    }
  }
  return ids;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}
