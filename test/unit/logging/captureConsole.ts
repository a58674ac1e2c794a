// Console capture for the tests of the default logger: every line written to console.log/console.error, parsed.

/** One line the default logger wrote, with the stream it went to. */
export interface ConsoleLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The line parsed as JSON (`undefined` when it is not JSON). */
  json: Record<string, unknown> | undefined;
}

/** Runs `act` with console.log and console.error captured; the console is restored even when `act` throws. */
export async function captureConsole<T>(act: () => T | Promise<T>): Promise<{ result: T; lines: ConsoleLine[] }> {
  const lines: ConsoleLine[] = [];
  const keep =
    (stream: ConsoleLine['stream']) =>
    (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      lines.push({ stream, text, json: parse(text) });
    };
  const { log, error } = console;
  console.log = keep('stdout');
  console.error = keep('stderr');
  try {
    return { result: await act(), lines };
  } finally {
    console.log = log;
    console.error = error;
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
