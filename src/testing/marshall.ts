import type { AttributeValue } from 'aws-lambda';

/** Turns a plain value into a DynamoDB AttributeValue (the inverse of `unmarshallValue`), as stream events carry them. */
export function marshallValue(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { L: value.map(marshallValue) };
  if (value instanceof Set) return marshallSet(value);
  if (typeof value === 'object') return { M: marshallItem(value as Record<string, unknown>) };
  throw new TypeError(`Cannot marshall a ${typeof value} into a DynamoDB AttributeValue.`);
}

/** Marshalls every property of a plain object. */
export function marshallItem(item: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key of Object.keys(item)) {
    if (item[key] !== undefined) out[key] = marshallValue(item[key]);
  }
  return out;
}

function marshallSet(set: Set<unknown>): AttributeValue {
  const values = [...set];
  if (values.every((v) => typeof v === 'string')) return { SS: values as string[] };
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint')) return { NS: values.map(String) };
  if (values.every((v) => v instanceof Uint8Array))
    return { BS: values.map((v) => Buffer.from(v as Uint8Array).toString('base64')) };
  throw new TypeError('A DynamoDB set holds only strings, only numbers or only binary values.');
}
