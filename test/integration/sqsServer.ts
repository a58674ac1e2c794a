// Mocha root hook: one real SQS-compatible server (fauxqs 2.x) for the whole test run, on a free loopback port,
// in a child process of its own (test/integration/fauxqsProcess.mjs).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

let server: ChildProcess | undefined;
let endpoint: string | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15_000);
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(__dirname, 'fauxqsProcess.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    server = child;
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`The SQS test server exited before it listened (exit code ${String(code)})`);
    });
    const firstLine = once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line').then(
      ([line]) => line as string,
    );
    const { port } = JSON.parse(await Promise.race([firstLine, exited])) as { port: number };
    exited.catch(() => undefined);
    endpoint = `http://127.0.0.1:${port}`;
  },
  async afterAll(): Promise<void> {
    const child = server;
    server = undefined;
    endpoint = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin?.end();
    await exited;
  },
};

/** The endpoint of the test SQS server (started by the root hook). */
export function sqsEndpoint(): string {
  if (endpoint === undefined) throw new Error('The SQS test server is not running (test/integration/sqsServer.ts root hook).');
  return endpoint;
}
