import type { AttributeValue } from 'aws-lambda';
import { RecordParseError } from '../errors/RecordParseError.js';
import { BASE64 } from './EventSource.js';
import { maxDepthOf, type PayloadLimits } from './limits.js';

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
 * The item is level 1 and each M, L or set inside adds one: an item deeper than `limits.maxDepth` (default
 * `DEFAULT_MAX_DEPTH`) throws `RecordParseError`. The walk is iterative: no depth overflows the stack.
 *
 * @example
 * ```ts
 * const user = unmarshallItem(record.dynamodb!.NewImage!); // { pk: 'u#1', visits: 3, tags: Set { 'a' } }
 * const deep = unmarshallItem(record.dynamodb!.NewImage!, { maxDepth: 2_000 }); // a deeper limit
 * ```
 */
export function unmarshallItem(item: Record<string, AttributeValue>, limits?: PayloadLimits): Record<string, NativeValue> {
  const walk = new Walk(maxDepthOf(limits));
  const out: Record<string, NativeValue> = {};
  walk.fill({ kind: 'M', source: item, target: out, depth: 1, at: undefined });
  return walk.finish(out);
}

/**
 * Turns one AttributeValue into its native value; throws `RecordParseError` for an unknown shape, or for a value
 * nested deeper than `limits.maxDepth` (the value itself is level 1). `path` names the value in error messages.
 *
 * @example
 * ```ts
 * unmarshallValue({ N: '42' }); // 42
 * ```
 */
export function unmarshallValue(value: AttributeValue, path = 'value', limits?: PayloadLimits): NativeValue {
  const walk = new Walk(maxDepthOf(limits));
  return walk.finish(walk.convert(value, 1, undefined, path));
}

/** Where a container sits, for error messages; the path string is only built when one is thrown. */
interface Place {
  key: string;
  parent: Place | undefined;
}

/** A container whose output exists (so key order is kept) and whose members are still to be converted. */
type Pending =
  | {
      kind: 'M';
      source: Record<string, AttributeValue>;
      target: Record<string, NativeValue>;
      depth: number;
      at: Place | undefined;
    }
  | { kind: 'L'; source: AttributeValue[]; target: NativeValue[]; depth: number; at: Place };

/** One unmarshalling: converts scalars at once and queues containers, so nesting costs heap, never stack. */
class Walk {
  private readonly pending: Pending[] = [];

  constructor(private readonly maxDepth: number) {}

  /** Converts the queued containers; returns `result` once every member is filled in. */
  finish<T>(result: T): T {
    for (let next = this.pending.pop(); next !== undefined; next = this.pending.pop()) this.fill(next);
    return result;
  }

  fill(container: Pending): void {
    const { depth, at } = container;
    if (container.kind === 'L') {
      const { source, target } = container;
      for (let i = 0; i < source.length; i++) target.push(this.convert(source[i], depth + 1, at, String(i)));
      return;
    }
    const { source, target } = container;
    for (const key of Object.keys(source)) setOwn(target, key, this.convert(source[key], depth + 1, at, key));
  }

  /** One value at `depth` (the level it has if it is a container), under `parent` as `key`. */
  convert(value: unknown, depth: number, parent: Place | undefined, key: string): NativeValue {
    if (typeof value !== 'object' || value === null) throw invalid(parent, key);
    const members = Object.keys(value).filter((name) => (value as Record<string, unknown>)[name] !== undefined);
    const member = members.length === 1 ? (members[0] as string) : '';
    const data = (value as Record<string, unknown>)[member];
    if (!(SHAPES.get(member)?.(data) ?? false)) throw invalid(parent, key);
    switch (member) {
      case 'S':
      case 'BOOL':
        return data as string | boolean;
      case 'N':
        return toNumber(data, parent, key);
      case 'NULL':
        return null;
      case 'B':
        return toBytes(data, parent, key);
    }
    if (depth > this.maxDepth) throw tooDeep(parent, key, this.maxDepth);
    switch (member) {
      case 'SS':
        return new Set(data as string[]);
      case 'NS':
        return new Set((data as unknown[]).map((n) => toNumber(n, parent, key)));
      case 'BS':
        return new Set((data as unknown[]).map((b) => toBytes(b, parent, key)));
      case 'L': {
        const target: NativeValue[] = [];
        this.pending.push({ kind: 'L', source: data as AttributeValue[], target, depth, at: { key, parent } });
        return target;
      }
      default: {
        // M, the one member left
        const target: Record<string, NativeValue> = {};
        const source = data as Record<string, AttributeValue>;
        this.pending.push({ kind: 'M', source, target, depth, at: { key, parent } });
        return target;
      }
    }
  }
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

/** Assigns as an own property even for `__proto__`, so no prototype is touched. */
function setOwn(target: Record<string, NativeValue>, key: string, value: NativeValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toNumber(text: unknown, parent: Place | undefined, key: string): number | string {
  if (typeof text !== 'string' || !NUMBER.test(text)) throw invalid(parent, key);
  const n = Number(text);
  if (!Number.isFinite(n)) throw invalid(parent, key);
  return Math.abs(n) > Number.MAX_SAFE_INTEGER ? text : n;
}

/** Bytes as a Buffer (a Uint8Array): class-transformer copies Buffers, but turns other Uint8Arrays into empty ones. */
function toBytes(value: unknown, parent: Place | undefined, key: string): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string' && BASE64.test(value)) return Buffer.from(value, 'base64');
  throw invalid(parent, key);
}

function pathOf(parent: Place | undefined, key: string): string {
  const keys = [key];
  for (let place = parent; place !== undefined; place = place.parent) keys.push(place.key);
  return keys.reverse().join('.');
}

function invalid(parent: Place | undefined, key: string): RecordParseError {
  return new RecordParseError(`DynamoDB attribute "${pathOf(parent, key)}" is not a valid AttributeValue.`);
}

function tooDeep(parent: Place | undefined, key: string, maxDepth: number): RecordParseError {
  return new RecordParseError(
    `DynamoDB attribute "${pathOf(parent, key)}" is nested more than ${maxDepth} levels deep (the maxDepth option).`,
  );
}
