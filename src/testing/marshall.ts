import type { AttributeValue } from 'aws-lambda';

/**
 * Turns a plain value into a DynamoDB AttributeValue (the inverse of `unmarshallValue`), as stream events carry them.
 *
 * @example
 * ```ts
 * marshallValue(new Set(['a', 'b'])); // { SS: ['a', 'b'] }
 * ```
 */
export function marshallValue(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('DynamoDB numbers must be finite.');
  if (typeof value === 'number' || typeof value === 'bigint') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { L: value.map(marshallValue) };
  if (value instanceof Set) return marshallSet(value);
  if (isPlainObject(value)) return { M: marshallItem(value) };
  const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new TypeError(`Cannot marshall a ${kind} into a DynamoDB AttributeValue.`);
}

/**
 * Marshalls every property of a plain object.
 *
 * @example
 * ```ts
 * marshallItem({ pk: 'u#1', visits: 3 }); // { pk: { S: 'u#1' }, visits: { N: '3' } }
 * ```
 */
export function marshallItem(item: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key of Object.keys(item)) {
    // defineProperty keeps a `__proto__` key as data (tests use it to build hostile images)
    const value = item[key];
    if (value !== undefined)
      Object.defineProperty(out, key, { value: marshallValue(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function marshallSet(set: Set<unknown>): AttributeValue {
  const values = [...set];
  if (values.length === 0) throw new TypeError('A DynamoDB set cannot be empty.');
  if (values.every((v) => typeof v === 'string')) return { SS: values as string[] };
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint')) return { NS: values.map(String) };
  if (values.every((v) => v instanceof Uint8Array))
    return { BS: values.map((v) => Buffer.from(v as Uint8Array).toString('base64')) };
  throw new TypeError('A DynamoDB set holds only strings, only numbers or only binary values.');
}
