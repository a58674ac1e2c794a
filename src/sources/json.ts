import { RecordParseError } from '../errors/RecordParseError.js';

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Parses a JSON text that must hold an object, as the input of a DTO.
 * Rejects keys that could reach a prototype (`__proto__`, `constructor`, `prototype`).
 */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordParseError(`${what} is not valid JSON.`, { cause: error });
  }
  return requirePlainObject(value, what, mayHoldForbiddenKey(text));
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

function findForbiddenKey(value: object, prefix = ''): string | undefined {
  for (const key of Object.keys(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (FORBIDDEN_KEYS.includes(key)) return path;
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) {
      const found = findForbiddenKey(child, path);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
