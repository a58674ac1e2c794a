#!/usr/bin/env node
import { readAll } from './io.js';
import { projectCli } from './projectCopy.js';
import { runCli } from './runCli.js';

const DELEGATED = 'BATCHKIT_CLI_DELEGATED';
const local = process.env[DELEGATED] === undefined ? projectCli(process.cwd(), __filename) : undefined;

if (local !== undefined) {
  process.env[DELEGATED] = '1';
  require(local);
} else {
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
}
