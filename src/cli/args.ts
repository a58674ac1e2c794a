import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/**
 * A mistake in how the command was called (its arguments, or a module that cannot be a handler): one line on
 * standard error, exit code 2. `syntax` marks a mistake in the arguments themselves, which the line answers by
 * pointing at `batchkit --help`.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly syntax: boolean;

  constructor(message: string, options: { syntax?: boolean } = {}) {
    super(message);
    this.syntax = options.syntax ?? false;
  }
}

const SYNTAX = { syntax: true };

const HELP: ParseArgsOptionsConfig = { help: { type: 'boolean', short: 'h' } };

/** The options each command takes, as `util.parseArgs` reads them. */
const OPTIONS: Record<Command | 'none', ParseArgsOptionsConfig> = {
  invoke: { ...HELP, event: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' } },
  event: {
    ...HELP,
    count: { type: 'string' },
    body: { type: 'string' },
    'body-file': { type: 'string' },
    group: { type: 'string' },
  },
  none: { ...HELP, version: { type: 'boolean' } },
};

/** A command the CLI knows. */
export type Command = 'invoke' | 'event';

/** The command line, read. */
export interface ParsedArgs {
  /** `undefined` when no command was given (`batchkit`, `batchkit --help`, `batchkit --version`). */
  command: Command | undefined;
  /** The arguments after the command that are not options. */
  positional: string[];
  values: Readonly<Record<string, string | boolean | undefined>>;
}

/**
 * Reads `batchkit <command> [arguments and options]` with `util.parseArgs`, strictly: an option the command does not
 * take, a missing value or a value given to a flag is a {@link UsageError}. `batchkit help` is `batchkit --help`.
 */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const first = argv[0];
  if (first === 'help') return { command: undefined, positional: [], values: { help: true } };
  const command = first === undefined || first.startsWith('-') ? undefined : first;
  if (command !== undefined && command !== 'invoke' && command !== 'event')
    throw new UsageError(`Unknown command "${command}": use invoke or event.`, SYNTAX);
  const rest = command === undefined ? argv : argv.slice(1);
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: OPTIONS[command ?? 'none'],
      allowPositionals: command !== undefined,
      strict: true,
    });
    return { command, positional: positionals, values: values as ParsedArgs['values'] };
  } catch (error) {
    throw usageErrorOf(error, command);
  }
}

/** `util.parseArgs`'s error, said in one line. */
function usageErrorOf(error: unknown, command: Command | undefined): Error {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^'\s=]+)/.exec(message)?.[1] ?? 'an option';
  const where = command === undefined ? 'batchkit' : `batchkit ${command}`;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option ${option} for ${where}.`, SYNTAX);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`Unexpected argument: ${where} takes options only.`, SYNTAX);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return new UsageError(`${option} takes no value.`, SYNTAX);
      if (message.includes('ambiguous'))
        return new UsageError(`The value of ${option} starts with "-": write ${option}=<value>.`, SYNTAX);
      return new UsageError(`${option} needs a value.`, SYNTAX);
    default:
      return error instanceof Error ? error : new Error(message);
  }
}

/** The accepted values of a numeric option: `unit` reads "a whole number of <unit>", `why` explains the maximum. */
export interface WholeNumberRange {
  fallback: number;
  max: number;
  unit?: string;
  why?: string;
}

/** An option's value as a whole number from 1 to `max` (written in decimal digits), or `fallback` when absent. */
export function wholeNumber(args: ParsedArgs, name: string, range: WholeNumberRange): number {
  const raw = args.values[name];
  if (raw === undefined) return range.fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= range.max)) {
    const unit = range.unit === undefined ? '' : ` of ${range.unit}`;
    const why = range.why === undefined ? '' : ` (${range.why})`;
    throw new UsageError(
      `--${name} must be a whole number${unit} from 1 to ${range.max.toLocaleString('en-US')}${why}, not ${String(raw)}.`,
      SYNTAX,
    );
  }
  return value;
}

/** An option's string value, if given. */
export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const raw = args.values[name];
  return typeof raw === 'string' ? raw : undefined;
}
