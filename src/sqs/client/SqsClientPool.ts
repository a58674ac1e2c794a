import type { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SqsClientConfigLike, SqsClientLike } from './clientTypes.js';
import { loadSqsSdk, type SqsSdkModule } from './sdk.js';

/** A client together with the SDK module its commands come from. */
export interface SqsConnection {
  sdk: SqsSdkModule;
  client: SQSClient;
}

/**
 * The SQS clients of one processor: the one the user gave, or one per region created on first use (the region of the
 * queue's ARN, unless `clientConfig.region` says otherwise). A resource of the processor, not per-invocation state.
 */
export class SqsClientPool {
  private readonly byRegion = new Map<string, Promise<SqsConnection>>();

  constructor(
    private readonly client: SqsClientLike | undefined,
    private readonly clientConfig: SqsClientConfigLike | undefined,
  ) {}

  /** The connection for a queue in this region; loads the SDK on first use. */
  forRegion(region: string): Promise<SqsConnection> {
    const config = this.clientConfig as SQSClientConfig | undefined;
    const key = this.client !== undefined || config?.region !== undefined ? '*' : region;
    let connection = this.byRegion.get(key);
    if (connection === undefined) {
      connection = loadSqsSdk().then((sdk) => ({
        sdk,
        // The user's client is an SQSClient of the SDK: batchkit sends it the SDK's own commands.
        client: (this.client as SQSClient | undefined) ?? new sdk.SQSClient({ region, ...config }),
      }));
      connection.catch(() => this.byRegion.delete(key));
      this.byRegion.set(key, connection);
    }
    return connection;
  }
}
