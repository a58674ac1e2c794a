import type { AttributeValue } from 'aws-lambda';
import { RecordParseError } from '../errors/RecordParseError.js';

/** A native value unmarshalled from a DynamoDB AttributeValue. */
export type NativeValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | NativeValue[]
  | Set<string>
  | Set<number | string>
  | Set<Uint8Array>
  | { [key: string]: NativeValue };

/**
 * Turns a DynamoDB item (a map of AttributeValues, as in stream images) into a plain object.
 * S -> string, N -> number (a string when a number would lose precision), B -> Uint8Array (from base64),
 * BOOL, NULL -> null, M -> object, L -> array, SS/NS/BS -> Set, like `@aws-sdk/util-dynamodb`.
 */
export function unmarshallItem(item: Record<string, AttributeValue>): Record<string, NativeValue> {
  const out: Record<string, NativeValue> = {};
  for (const key of Object.keys(item)) {
    setOwn(out, key, unmarshallValue(item[key] as AttributeValue, key));
  }
  return out;
}

/** Turns one AttributeValue into its native value; throws `RecordParseError` for an unknown shape. */
export function unmarshallValue(value: AttributeValue, path = 'value'): NativeValue {
  if (typeof value !== 'object' || value === null) throw invalid(path);
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return toNumber(value.N, path);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return toBytes(value.B, path);
  if (value.M !== undefined) return unmarshallMap(value.M, path);
  if (value.L !== undefined) return value.L.map((entry, i) => unmarshallValue(entry, `${path}.${i}`));
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map((n) => toNumber(n, path)));
  if (value.BS !== undefined) return new Set(value.BS.map((b) => toBytes(b, path)));
  throw invalid(path);
}

function unmarshallMap(map: Record<string, AttributeValue>, path: string): Record<string, NativeValue> {
  const out: Record<string, NativeValue> = {};
  for (const key of Object.keys(map)) {
    setOwn(out, key, unmarshallValue(map[key] as AttributeValue, `${path}.${key}`));
  }
  return out;
}

/** Assigns as an own property even for `__proto__`, so no prototype is touched. */
function setOwn(target: Record<string, NativeValue>, key: string, value: NativeValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toNumber(text: unknown, path: string): number | string {
  if (typeof text !== 'string' || text.trim() === '') throw invalid(path);
  const n = Number(text);
  if (!Number.isFinite(n)) throw invalid(path);
  if (Number.isInteger(n) && !Number.isSafeInteger(n) && !/[.eE]/.test(text)) return text;
  return n;
}

function toBytes(value: unknown, path: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  throw invalid(path);
}

function invalid(path: string): RecordParseError {
  return new RecordParseError(`DynamoDB attribute "${path}" is not a valid AttributeValue.`);
}
