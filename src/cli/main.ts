#!/usr/bin/env node
import { oneLine } from './errorLine.js';
import { readAll } from './io.js';
import { projectCli } from './projectCopy.js';
import { runCli } from './runCli.js';

const DELEGATED = 'BATCHKIT_CLI_DELEGATED';
const local = process.env[DELEGATED] === undefined ? projectCli(process.cwd(), __filename) : undefined;

if (local !== undefined) {
  process.env[DELEGATED] = '1';
  require(local);
} else {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  // Only the CLI writes to standard output: what a handler prints outside the invocation (a timer that fires after
  // the report, say) goes to standard error, so `--json` output stays one JSON document.
  process.stdout.write = ((...args: Parameters<typeof err>) => err(...args)) as typeof process.stdout.write;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));

  /**
   * Exits once both streams are flushed: a handler may leave timers or sockets that would keep the process up. It
   * waits one turn of the event loop first, so that a rejection the handler left unhandled is still reported (and
   * makes the exit code non-zero).
   */
  let exitCode = 0;
  let exiting = false;
  const exit = (code: number) => {
    exitCode = Math.max(exitCode, code);
    if (exiting) return;
    exiting = true;
    setImmediate(() => {
      let pending = 2;
      const done = () => {
        if (--pending === 0) process.exit(exitCode);
      };
      out('', done);
      err('', done);
    });
  };
  const crash = (what: string) => (error: unknown) => {
    err(`batchkit: ${what} ${oneLine(error, { where: true })}; Lambda would fail the invocation and retry the whole batch.\n`);
    exit(1);
  };
  process.on('uncaughtException', crash('the handler threw outside the invocation:'));
  process.on('unhandledRejection', crash('the handler left a promise rejected and unhandled:'));

  runCli(process.argv.slice(2), {
    stdout: { write: out, isTTY: process.stdout.isTTY },
    stderr: { write: err },
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    env: process.env,
  }).then(exit, (error: unknown) => {
    err(`batchkit: ${oneLine(error)}\n`);
    exit(1);
  });
}
