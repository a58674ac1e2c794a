import { type ParsedArgs, parseCommandLine, UsageError } from './args.js';
import { oneLine } from './errorLine.js';
import { buildEvent } from './eventCommand.js';
import { invokeCommand } from './invokeCommand.js';
import type { CliIo } from './io.js';
import { packageVersion, USAGE } from './usage.js';

export { USAGE } from './usage.js';

/**
 * The whole CLI: returns the exit code instead of exiting, so tests can run it in-process. A usage error prints one
 * line on standard error and gives 2; any other failure one line (no stack frames) and 1.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    io.stderr.write(`batchkit: no command given: use invoke or event.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(parseCommandLine(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.syntax ? ' Run batchkit --help for the usage.' : '';
      io.stderr.write(`batchkit: ${error.message.replace(/\s+/g, ' ')}${hint}\n`);
      return 2;
    }
    io.stderr.write(`batchkit: ${oneLine(error)}\n`);
    return 1;
  }
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.values.help === true) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.values.version === true) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  switch (args.command) {
    case 'event':
      io.stdout.write(`${JSON.stringify(buildEvent(args, io.cwd), null, 2)}\n`);
      return 0;
    case 'invoke':
      return invokeCommand(args, io);
    default:
      throw new UsageError('No command given: use invoke or event.', { syntax: true });
  }
}
