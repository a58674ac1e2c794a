import { inspect } from 'node:util';

/** A failure of the invocation that is not a command-line mistake (exit code 1); its message is the whole line. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}

/**
 * A thrown value as one line, without stack frames: `Name [CODE]: message`, whitespace collapsed. With `where`, the
 * place in the user's code that threw is added (`(at handler.js:3:9)`), read from the first stack frame outside
 * Node.js and node_modules.
 */
export function oneLine(thrown: unknown, options: { where?: boolean } = {}): string {
  if (thrown instanceof CliFailure) return collapse(thrown.message);
  if (!(thrown instanceof Error))
    return collapse(`${typeof thrown === 'string' ? thrown : inspect(thrown)} (thrown, not an Error)`);
  const code = (thrown as { code?: unknown }).code;
  const head = `${thrown.name}${typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : ''}: ${thrown.message}`;
  const where = options.where === true ? userFrame(thrown.stack) : undefined;
  return collapse(where === undefined ? head : `${head} (at ${where})`);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `file:line:column` of the first stack frame in the user's own code. */
function userFrame(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n')) {
    const frame = /^\s+at (?:.*? \()?(.+?:\d+:\d+)\)?$/.exec(line)?.[1];
    if (frame !== undefined && !frame.startsWith('node:') && !/[\\/]node_modules[\\/]/.test(frame)) return frame;
  }
  return undefined;
}
