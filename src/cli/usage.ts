import { MAX_EVENT_RECORDS } from './eventCommand.js';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from './invokeCommand.js';
import { batchkitPackage } from './packageRoot.js';

/** `batchkit --help`. */
export const USAGE = `Usage:
  batchkit invoke <module>[#export] --event <file.json | -> [--json] [--timeout <ms>]
      Runs a Lambda handler on an event, as Lambda would, and prints each
      record's outcome, a summary and the response. The export (default
      "handler") is a function, or a class with a @BatchHandler method.
      --timeout: 1 to ${MAX_TIMEOUT_MS} ms (default ${DEFAULT_TIMEOUT_MS}), as Lambda's timeout.
      Exit code: 0 when Lambda would accept the response, 1 when it would
      retry the whole batch (the handler threw, timed out or returned an
      invalid response), 2 on usage errors.
  batchkit event sqs|sqs-fifo|kinesis|dynamodb [--count N]
      [--body <json> | --body-file <file>] [--group <id>]
      Prints an event built with batchkit/testing, to pipe into invoke.
      --count: 1 to ${MAX_EVENT_RECORDS} records (default 3), the largest batch Lambda delivers.
  batchkit --help | -h      Prints this text.
  batchkit --version        Prints the version of batchkit.
`;

/** The version in batchkit's package.json (found from this file: src/cli/ or dist/cjs/cli/). */
export function packageVersion(from: string = __dirname): string {
  const found = batchkitPackage(from);
  if (found === undefined) throw new Error("batchkit's package.json was not found.");
  return found.version;
}
