import { BatchProcessingError } from './BatchProcessingError.js';

/**
 * A record handler has a DTO, but class-validator or class-transformer (peer dependencies) is not installed.
 *
 * @example
 * ```ts
 * // npm install class-validator class-transformer reflect-metadata
 * @RecordHandler(EventType.SQS)
 * async handle(order: OrderDto) {}
 * ```
 */
export class DtoPeersNotInstalledError extends BatchProcessingError {
  static override readonly errorName: string = 'DtoPeersNotInstalledError';
  override readonly code = 'DTO_PEERS_NOT_INSTALLED' as const;
  override readonly configuration: boolean = true;
  override readonly retryable: boolean = false;

  constructor(cause: unknown) {
    super(
      'DTO validation needs the peer dependencies class-transformer and class-validator: npm install class-transformer class-validator',
      { cause },
    );
  }
}
