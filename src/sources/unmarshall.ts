import type { AttributeValue } from 'aws-lambda';
import { RecordParseError } from '../errors/RecordParseError.js';
import { BASE64 } from './EventSource.js';

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
 * S -> string, N -> number (the original string beyond the safe integer range), B -> Buffer (from base64),
 * BOOL, NULL -> null, M -> object, L -> array, SS/NS/BS -> Set, like `@aws-sdk/util-dynamodb`.
 *
 * @example
 * ```ts
 * const user = unmarshallItem(record.dynamodb!.NewImage!); // { pk: 'u#1', visits: 3, tags: Set { 'a' } }
 * ```
 */
export function unmarshallItem(item: Record<string, AttributeValue>): Record<string, NativeValue> {
  const out: Record<string, NativeValue> = {};
  for (const key of Object.keys(item)) {
    setOwn(out, key, unmarshallValue(item[key] as AttributeValue, key));
  }
  return out;
}

/**
 * Turns one AttributeValue into its native value; throws `RecordParseError` for an unknown shape.
 *
 * @example
 * ```ts
 * unmarshallValue({ N: '42' }); // 42
 * ```
 */
export function unmarshallValue(value: AttributeValue, path = 'value'): NativeValue {
  if (typeof value !== 'object' || value === null) throw invalid(path);
  const members = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
  const shape = members.length === 1 ? SHAPES.get(members[0] as string) : undefined;
  if (shape === undefined || !shape((value as Record<string, unknown>)[members[0] as string])) throw invalid(path);
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

/** Exactly one member, of the right JSON type; element types of sets and lists are checked as they are read. */
const SHAPES = new Map<string, (data: unknown) => boolean>([
  ['S', (data) => typeof data === 'string'],
  ['N', (data) => typeof data === 'string'],
  ['BOOL', (data) => typeof data === 'boolean'],
  ['NULL', (data) => data === true],
  ['B', (data) => typeof data === 'string' || data instanceof Uint8Array],
  ['M', (data) => typeof data === 'object' && data !== null && !Array.isArray(data)],
  ['L', Array.isArray],
  ['SS', (data) => Array.isArray(data) && data.every((s) => typeof s === 'string')],
  ['NS', Array.isArray],
  ['BS', Array.isArray],
]);
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

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
  if (typeof text !== 'string' || !NUMBER.test(text)) throw invalid(path);
  const n = Number(text);
  if (!Number.isFinite(n)) throw invalid(path);
  return Math.abs(n) > Number.MAX_SAFE_INTEGER ? text : n;
}

/** Bytes as a Buffer (a Uint8Array): class-transformer copies Buffers, but turns other Uint8Arrays into empty ones. */
function toBytes(value: unknown, path: string): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string' && BASE64.test(value)) return Buffer.from(value, 'base64');
  throw invalid(path);
}

function invalid(path: string): RecordParseError {
  return new RecordParseError(`DynamoDB attribute "${path}" is not a valid AttributeValue.`);
}
