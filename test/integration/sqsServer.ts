// Mocha root hook: one real SQS-compatible server (fauxqs) for the whole test run, on a free loopback port.
// fauxqs 1.9.x ships ES modules only (and runs on Node 20): it is loaded with a real dynamic import.
import type { AddressInfo } from 'node:net';

interface FauxqsApp {
  listen(options: { host: string; port: number }): Promise<unknown>;
  close(): Promise<unknown>;
  server: { address(): AddressInfo | string | null };
}

// TypeScript compiles `import()` to `require()` in CommonJS, which cannot load an ES-only package: keep it an import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

let app: FauxqsApp | undefined;
let endpoint: string | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15_000);
    const { buildApp } = (await importEsm('fauxqs')) as { buildApp(options: { logger: boolean }): FauxqsApp };
    const server = buildApp({ logger: false });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    if (address === null || typeof address === 'string') throw new Error('fauxqs did not report a TCP port');
    app = server;
    endpoint = `http://127.0.0.1:${address.port}`;
  },
  async afterAll(): Promise<void> {
    await app?.close();
    app = undefined;
    endpoint = undefined;
  },
};

/** The endpoint of the test SQS server (started by the root hook). */
export function sqsEndpoint(): string {
  if (endpoint === undefined) throw new Error('The SQS test server is not running (test/integration/sqsServer.ts root hook).');
  return endpoint;
}
