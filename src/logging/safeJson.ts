import { UNREADABLE } from './errorFields.js';

/** Stands for an object met again inside itself. */
export const CIRCULAR = '[Circular]';
/** Stands for what lies deeper than {@link MAX_DEPTH} levels. */
export const TOO_DEEP = '[Too deep]';
const MAX_DEPTH = 64;

/**
 * `JSON.stringify` that never throws: what JSON cannot hold is replaced, the rest is written as `JSON.stringify`
 * writes it. A bigint becomes its digits and `n` (`"10n"`), an object met again inside itself `"[Circular]"`, a
 * property whose getter throws, a `toJSON` that throws or a Proxy whose traps throw `"[Unreadable]"`.
 *
 * @example
 * ```ts
 * const details: Record<string, unknown> = { code: 10n };
 * details.self = details;
 * safeStringify(details); // '{"code":"10n","self":"[Circular]"}'
 * ```
 */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // A bigint, a cycle, a getter or toJSON that throws: walk it, replacing what cannot be written.
  }
  try {
    return JSON.stringify(plain(value, '', [])) ?? 'null';
  } catch {
    return JSON.stringify(UNREADABLE);
  }
}

/** A copy of `value` that JSON.stringify writes without throwing (`undefined` where JSON drops the value). */
function plain(value: unknown, key: string, ancestors: object[]): unknown {
  const json = withToJson(value, key);
  if (typeof json === 'bigint') return `${json}n`;
  if (typeof json !== 'object' || json === null) return json;
  if (ancestors.includes(json)) return CIRCULAR;
  if (ancestors.length >= MAX_DEPTH) return TOO_DEEP;
  ancestors.push(json);
  try {
    return Array.isArray(json) ? plainArray(json, ancestors) : plainObject(json, ancestors);
  } catch {
    return UNREADABLE;
  } finally {
    ancestors.pop();
  }
}

function plainArray(array: readonly unknown[], ancestors: object[]): unknown[] {
  const result: unknown[] = [];
  for (let i = 0; i < array.length; i++) result.push(plain(field(array, i), String(i), ancestors));
  return result;
}

function plainObject(object: object, ancestors: object[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(object)) result[key] = plain(field(object, key), key, ancestors);
  return result;
}

/** One property; a getter or Proxy trap that throws gives the marker. */
function field(target: object, key: string | number): unknown {
  try {
    return (target as Record<string | number, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

/** What JSON.stringify would write for `value`: the result of its `toJSON` when it has one. */
function withToJson(value: unknown, key: string): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
  try {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    return typeof toJson === 'function' ? (toJson as (key: string) => unknown).call(value, key) : value;
  } catch {
    return UNREADABLE;
  }
}
