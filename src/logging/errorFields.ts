/** What {@link errorFields} reads from a thrown value: plain strings and numbers, safe for any logger. */
export interface ErrorFields {
  /** The error's `name` (`'string'`, `'number'`, `'null'`, … for a thrown value that is not an object). */
  errorName: string;
  /** The error's `message` (the value itself, as text, for a thrown value that is not an object). */
  errorMessage: string;
  /** The error's `code`, when it has one: a string or number as it is, anything else as text. */
  errorCode?: string | number | boolean;
  /** The error's `stack`, when asked for and it is a string. */
  errorStack?: string;
}

/** Stands for a field whose getter (or a Proxy trap, or `toString`) threw. */
export const UNREADABLE = '[Unreadable]';

/**
 * The fields of a thrown value that a log line needs, read so that nothing can throw: each field is read on its own,
 * and one whose getter throws (an Error subclass's `get message()`, a Proxy whose traps throw) becomes
 * `'[Unreadable]'` while the others are still read. Values that are not Errors (`throw 'x'`, `throw null`) are
 * described by their type and text. The result holds only strings, numbers and booleans, so it serialises anywhere.
 *
 * @example
 * ```ts
 * try {
 *   await sendInvoice();
 * } catch (error) {
 *   logger.error('invoice failed', { ...errorFields(error) }); // never throws, whatever `error` is
 * }
 * ```
 */
export function errorFields(error: unknown, options: { stack?: boolean } = {}): ErrorFields {
  if ((typeof error !== 'object' && typeof error !== 'function') || error === null) {
    return { errorName: error === null ? 'null' : typeof error, errorMessage: text(error) };
  }
  const fields: ErrorFields = { errorName: nameOf(error), errorMessage: messageOf(error) };
  const code = read(error, 'code');
  if (code !== undefined) fields.errorCode = codeOf(code);
  if (options.stack === true) {
    const stack = read(error, 'stack');
    if (typeof stack === 'string') fields.errorStack = stack;
  }
  return fields;
}

/** Reads one property; a getter or Proxy trap that throws gives the {@link UNREADABLE} marker. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

function nameOf(error: object): string {
  const name = read(error, 'name');
  if (name !== undefined && name !== '') return text(name);
  const ctor = read(error, 'constructor');
  const ctorName = typeof ctor === 'function' ? read(ctor, 'name') : undefined;
  return typeof ctorName === 'string' && ctorName !== '' ? ctorName : 'object';
}

function messageOf(error: object): string {
  const message = read(error, 'message');
  return message === undefined ? '' : text(message);
}

function codeOf(code: unknown): string | number | boolean {
  if (typeof code === 'string' || typeof code === 'boolean') return code;
  if (typeof code === 'number') return Number.isFinite(code) ? code : String(code);
  if (typeof code === 'bigint') return `${code}n`;
  return text(code);
}

/** Any value as text; a `toString` (or `Symbol.toPrimitive`) that throws or returns a non-string gives the marker. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return String(value);
  } catch {
    return UNREADABLE;
  }
}
