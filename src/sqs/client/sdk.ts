import type * as SqsSdk from '@aws-sdk/client-sqs';
import { SqsSdkNotInstalledError } from '../../errors/SqsSdkNotInstalledError.js';

/** The SQS SDK module. */
export type SqsSdkModule = typeof SqsSdk;

let loading: Promise<SqsSdkModule> | undefined;

/**
 * Loads `@aws-sdk/client-sqs` on first use (once per process), so that handlers that never call SQS never pay for
 * it at cold start. Never import it at module top level anywhere in batchkit.
 */
export function loadSqsSdk(): Promise<SqsSdkModule> {
  loading ??= importSdk().catch((error: unknown) => {
    loading = undefined;
    throw new SqsSdkNotInstalledError(error);
  });
  return loading;
}

/**
 * CommonJS: `require`, which searches NODE_PATH (where the Lambda runtime keeps its SDK) and returns the same copy
 * as the user's own `require`. ES modules: `import()` (a bundler's `require` shim in an ES module throws: fall back).
 */
async function importSdk(): Promise<SqsSdkModule> {
  if (typeof require === 'function') {
    try {
      return require('@aws-sdk/client-sqs') as SqsSdkModule;
    } catch {
      // not CommonJS after all, or not installed: import() tells which
    }
  }
  return import('@aws-sdk/client-sqs');
}
