import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** Options of {@link lambdaContext}. */
export interface LambdaContextOptions {
  /** The function's time, counting down from now in real time (default 30000). */
  timeoutMs?: number;
  functionName?: string;
  memoryLimitInMB?: number;
  awsRequestId?: string;
}

/**
 * A complete Lambda `Context` whose `getRemainingTimeInMillis()` counts down in real time, so time-budget
 * behaviour can be tested honestly.
 *
 * @example
 * ```ts
 * const context = lambdaContext({ timeoutMs: 1000 });
 * ```
 */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'batchkit-function';
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const fail = (message: string) => {
    throw new Error(`context.done/succeed/fail are not supported by batchkit's test context: ${message}`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => fail('done'),
    fail: () => fail('fail'),
    succeed: () => fail('succeed'),
  };
}
