import { RecordParseError } from '../errors/RecordParseError.js';
import { DEFAULT_MAX_DEPTH } from './limits.js';

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Parses a JSON text that must hold an object, as the input of a DTO.
 * Rejects keys that could reach a prototype (`__proto__`, `constructor`, `prototype`), and texts nested deeper than
 * `maxDepth` levels (objects and arrays; the top object is level 1), which would overflow the stack in
 * class-transformer or class-validator.
 */
export function parseJsonObject(text: string, what: string, maxDepth: number = DEFAULT_MAX_DEPTH): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordParseError(`${what} is not valid JSON.`, { cause: error });
  }
  // Nesting deeper than maxDepth needs more than twice as many characters; only longer texts are measured.
  if (text.length > 2 * maxDepth && nestedDeeperThan(text, maxDepth)) {
    throw new RecordParseError(`${what} is nested more than ${maxDepth} levels deep (the maxDepth option).`);
  }
  return requirePlainObject(value, what, mayHoldForbiddenKey(text));
}

/** Whether a valid JSON text nests objects and arrays deeper than `maxDepth`, skipping string contents. */
function nestedDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/** Checks that a decoded payload is a non-array object free of prototype-reaching keys. */
export function requirePlainObject(value: unknown, what: string, scanKeys = true): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordParseError(
      `${what} must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`,
    );
  }
  if (scanKeys) {
    const path = findForbiddenKey(value);
    if (path !== undefined) {
      throw new RecordParseError(`${what} holds the forbidden key "${path}", which could pollute a prototype.`);
    }
  }
  return value as Record<string, unknown>;
}

function mayHoldForbiddenKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('prototype') || text.includes('\\u');
}

/** One object on the scan stack; paths are only built for a hit, so deep payloads stay linear. */
interface Frame {
  value: object;
  key: string;
  parent: Frame | undefined;
}

/** Iterative, so a deeply nested payload cannot overflow the call stack. */
function findForbiddenKey(root: object): string | undefined {
  const stack: Frame[] = [{ value: root, key: '', parent: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    for (const key of Object.keys(frame.value)) {
      if (FORBIDDEN_KEYS.includes(key)) return pathOf(frame, key);
      const child = (frame.value as Record<string, unknown>)[key];
      // Bytes (DynamoDB B values) hold no keys worth scanning, only indexes.
      if (typeof child === 'object' && child !== null && !ArrayBuffer.isView(child))
        stack.push({ value: child, key, parent: frame });
    }
  }
  return undefined;
}

function pathOf(frame: Frame, key: string): string {
  const keys = [key];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  return keys.reverse().join('.');
}
