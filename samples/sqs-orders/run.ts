// Runs the orders function locally on a sample event, as Lambda would, and prints what happened to each record
// and the response Lambda would get. `npm run demo` builds batchkit, compiles the samples with tsc and runs this;
// `npm run demo -- path/to/event.json` runs it on another event.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import type { BatchLogger, PartialBatchResponse } from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import sampleEvent from './events/orders.json';
import { OrderHandler } from './handler';
import { OrderStore } from './store';

const WIDTH = 78;
const INDENT = 8;

/** Prints the sample's `onSuccess` / `onFailure` log entries as a few readable lines each. */
const terminalLogger: BatchLogger = {
  info(message, details = {}) {
    print('ok', String(details.itemIdentifier));
    const total = (Number(details.totalCents) / 100).toFixed(2);
    const items = `${details.itemCount} item${details.itemCount === 1 ? '' : 's'}`;
    print('', `${details.orderId} saved: ${items}, total ${total}`);
  },
  error(message, details = {}) {
    print('FAILED', String(details.itemIdentifier));
    print('', `${details.errorCode} (${details.retryable ? 'retryable' : 'not retryable'})`);
    print('', String(details.errorMessage));
  },
  warn: (message) => print('warn', message),
  debug: () => {},
};

async function main(): Promise<void> {
  const file = process.argv[2];
  const event = (file === undefined ? sampleEvent : JSON.parse(readFileSync(file, 'utf8'))) as SQSEvent;
  const name = file === undefined ? 'events/orders.json' : path.relative(process.cwd(), file);

  // The same class Lambda runs (handler.ts exports `new OrderHandler(orders).handler`), with a logger that
  // prints for a terminal instead of writing JSON lines for CloudWatch.
  const handler = new OrderHandler(new OrderStore(), terminalLogger).handler;

  console.log(`\nbatchkit demo: samples/sqs-orders on ${name} (${event.Records.length} records)\n`);
  try {
    // The method is declared `Promise<void>`; @BatchHandler makes it resolve to the response when the body returns nothing.
    const response = (await handler(event, lambdaContext({ functionName: 'sqs-orders' }))) as unknown as PartialBatchResponse;
    const failed = response.batchItemFailures.length;
    const total = event.Records.length;
    console.log(
      failed === 0
        ? `\nLambda response: all ${total} records succeeded; SQS deletes the batch.\n`
        : `\nLambda response: ${failed} of ${total} records failed. SQS deletes the other ${total - failed}\nand redelivers these after the visibility timeout:\n`,
    );
    console.log(JSON.stringify(response, null, 2));
  } catch (error) {
    const { name: errorName, code, message } = error as Error & { code?: string };
    console.log('\nThe invocation threw, so Lambda retries the whole batch:\n');
    print('', `${errorName}${code === undefined ? '' : ` (${code})`}`);
    print('', message);
    process.exitCode = 1;
  }
}

/** One line with a short label, wrapped to the terminal width under the label's indent. */
function print(label: string, text: string): void {
  const prefix = label.padEnd(INDENT);
  let line = prefix;
  for (const word of text.split(' ')) {
    if (line.length > prefix.length && line.length + 1 + word.length > WIDTH) {
      console.log(line);
      line = ' '.repeat(INDENT);
    }
    line += ` ${word}`;
  }
  console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
