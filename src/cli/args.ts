/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Positional arguments and `--flag value` / `--flag` options, in order. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Parses `argv` given the flags that take a value; anything else starting with `--` is a boolean flag. */
export function parseArgs(argv: readonly string[], valued: readonly string[], known: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!valued.includes(name) && !known.includes(name)) throw new UsageError(`Unknown option --${name}.`);
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      flags.set(name, value);
    } else {
      flags.set(name, true);
    }
  }
  return { positional, flags };
}

/** A flag's value as a positive whole number. */
export function positiveInt(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a whole number of at least 1.`);
  return value;
}

/** A flag's string value, if given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const raw = args.flags.get(name);
  return typeof raw === 'string' ? raw : undefined;
}
