import { HookError } from '../errors/HookError.js';
import type { BatchLogger } from '../types.js';
import { silentLogger } from './consoleLogger.js';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
const guardedLoggers = new WeakSet<BatchLogger>();

/**
 * The user's logger, with every call guarded: a logger that throws (or lacks a method) surfaces as a `HookError`
 * naming the logger, never as a raw error from deep inside the engine. `silentLogger` is kept as it is (it never
 * throws, and the engine then skips the work of describing what it would not log).
 */
export function guardLogger(logger: BatchLogger): BatchLogger {
  if (guardedLoggers.has(logger) || logger === silentLogger) return logger;
  const guarded = {} as BatchLogger;
  guardedLoggers.add(guarded);
  for (const level of LEVELS) {
    guarded[level] = (message, ...details) => {
      try {
        logger[level](message, ...details);
      } catch (error) {
        throw new HookError('logger', error);
      }
    };
  }
  return guarded;
}
