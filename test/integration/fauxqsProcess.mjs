// Runs the test SQS server (fauxqs) in its own process, on a free loopback port: prints `{"port":N}` on one line
// once it listens, and closes when its standard input ends (the test process exited or closed the pipe).
// Its own warnings (fauxqs uses node:sqlite) stay in this process, out of the suite under test.
import { buildApp } from 'fauxqs';

const app = buildApp({ logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
