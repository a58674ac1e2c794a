import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * Legacy mode, poison messages to the DLQ or retry backoff was used, but `@aws-sdk/client-sqs` could not be loaded.
 *
 * @example
 * ```ts
 * // npm install @aws-sdk/client-sqs  (Lambda's Node.js runtimes include it)
 * @BatchHandler({ deleteSuccessful: true })
 * async handler(event: SQSEvent) {}
 * ```
 */
export class SqsSdkNotInstalledError extends BatchProcessingError {
  static override readonly errorName: string = 'SqsSdkNotInstalledError';
  override readonly code = 'SQS_SDK_NOT_INSTALLED' as const;
  override readonly configuration: boolean = true;
  override readonly retryable: boolean = false;

  constructor(cause: unknown) {
    super(
      'This feature calls SQS and needs the optional peer dependency @aws-sdk/client-sqs (included in the Lambda ' +
        'Node.js runtimes; elsewhere: npm install @aws-sdk/client-sqs).',
      { cause },
    );
  }
}
