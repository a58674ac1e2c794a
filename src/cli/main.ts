#!/usr/bin/env node
import { readAll } from './io.js';
import { runCli } from './runCli.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => readAll(process.stdin),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`batchkit: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
