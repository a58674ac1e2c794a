import { consoleLogger } from 'batchkit';
import { expect } from 'chai';
import { captureConsole } from './captureConsole';

function unreadable(): never {
  throw new Error('this field cannot be read');
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { kind: 'loop' };
  value.self = value;
  return value;
}

describe('logging/consoleLogger', () => {
  const CASES: { what: string; details: () => Record<string, unknown>; written: Record<string, unknown> }[] = [
    {
      what: 'plain values, as JSON.stringify writes them',
      details: () => ({ id: 'm1', n: 1, ok: true, none: null, gone: undefined, list: [1, 'a'], at: new Date(0) }),
      written: { id: 'm1', n: 1, ok: true, none: null, list: [1, 'a'], at: '1970-01-01T00:00:00.000Z' },
    },
    {
      what: 'a bigint, as its digits and n',
      details: () => ({ code: 10n, nested: [2n] }),
      written: { code: '10n', nested: ['2n'] },
    },
    {
      what: 'a cycle, as [Circular] where it closes',
      details: () => ({ code: circular() }),
      written: { code: { kind: 'loop', self: '[Circular]' } },
    },
    {
      what: 'an object seen twice but not inside itself, in full both times',
      details: () => {
        const shared = { id: 1 };
        return { a: shared, b: [shared], big: 1n };
      },
      written: { a: { id: 1 }, b: [{ id: 1 }], big: '1n' },
    },
    {
      what: 'a getter that throws, as [Unreadable]',
      details: () => Object.defineProperty({ id: 'm1' }, 'code', { get: unreadable, enumerable: true }),
      written: { id: 'm1', code: '[Unreadable]' },
    },
    {
      what: 'a nested getter that throws, as [Unreadable]',
      details: () => ({ code: Object.defineProperty({ a: 1 }, 'b', { get: unreadable, enumerable: true }) }),
      written: { code: { a: 1, b: '[Unreadable]' } },
    },
    {
      what: 'a toJSON that throws, as [Unreadable]',
      details: () => ({ id: 'm1', code: { toJSON: unreadable } }),
      written: { id: 'm1', code: '[Unreadable]' },
    },
    {
      what: 'a Proxy whose every trap throws, as [Unreadable]',
      details: () => ({ id: 'm1', code: new Proxy({}, new Proxy({}, { get: () => unreadable })) }),
      written: { id: 'm1', code: '[Unreadable]' },
    },
    {
      what: 'details that are themselves such a Proxy, as [Unreadable]',
      details: () => new Proxy({}, new Proxy({}, { get: () => unreadable })),
      written: { details: '[Unreadable]' },
    },
    {
      what: 'nesting deeper than any log needs, cut with [Too deep]',
      details: () => {
        let deep: unknown = 1n;
        for (let i = 0; i < 100_000; i++) deep = [deep];
        return { deep };
      },
      written: { deep: Array.from({ length: 63 }).reduce<unknown>((inner) => [inner], '[Too deep]') },
    },
  ];

  for (const { what, details, written } of CASES) {
    it(`writes one JSON line, with ${what}`, async () => {
      // Act
      const { lines } = await captureConsole(() => consoleLogger.error('Record failed', details()));

      // Assess
      expect(lines).to.have.length(1);
      const { timestamp, ...rest } = lines[0]?.json ?? {};
      expect(lines[0]?.stream).to.equal('stderr');
      expect(rest).to.deep.equal({ level: 'error', message: 'Record failed', ...written });
      expect(timestamp).to.be.a('string');
    });
  }

  it('writes info and debug to stdout, error and warn to stderr', async () => {
    // Act
    const { lines } = await captureConsole(() => {
      for (const level of ['error', 'warn', 'info', 'debug'] as const) consoleLogger[level](level, { n: 1n });
    });

    // Assess
    expect(lines.map((l) => [l.stream, l.json?.level, l.json?.n])).to.deep.equal([
      ['stderr', 'error', '1n'],
      ['stderr', 'warn', '1n'],
      ['stdout', 'info', '1n'],
      ['stdout', 'debug', '1n'],
    ]);
  });

  it('does not throw when the console itself throws', () => {
    // Prepare
    const { error } = console;
    console.error = unreadable;

    // Act
    try {
      expect(() => consoleLogger.error('Record failed', { id: 'm1' })).to.not.throw();
    } finally {
      console.error = error;
    }
  });
});
