import type { Context, DynamoDBStreamEvent, KinesisStreamEvent, SQSEvent } from 'aws-lambda';
import { FullBatchFailureError } from 'batchkit';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';
import usersJson from '../../samples/dynamodb-users/events/user-changes.json';
import usersValidJson from '../../samples/dynamodb-users/events/user-changes-valid.json';
import * as usersSample from '../../samples/dynamodb-users/handler';
import { Mailer, UserDirectory } from '../../samples/dynamodb-users/services';
import clicksJson from '../../samples/kinesis-clickstream/events/clicks.json';
import clicksMalformedJson from '../../samples/kinesis-clickstream/events/clicks-malformed.json';
import clicksValidJson from '../../samples/kinesis-clickstream/events/clicks-valid.json';
import * as clickstreamSample from '../../samples/kinesis-clickstream/handler';
import { ClickStats } from '../../samples/kinesis-clickstream/stats';
import ordersJson from '../../samples/sqs-orders/events/orders.json';
import ordersValidJson from '../../samples/sqs-orders/events/orders-valid.json';
import * as ordersSample from '../../samples/sqs-orders/handler';
import { OrderStore } from '../../samples/sqs-orders/store';
import { capturingLogger } from '../support/logger';

const ordersEvent = ordersJson as SQSEvent;
const ordersValidEvent = ordersValidJson as SQSEvent;
const clicksEvent = clicksJson as KinesisStreamEvent;
const clicksValidEvent = clicksValidJson as KinesisStreamEvent;
const clicksMalformedEvent = clicksMalformedJson as KinesisStreamEvent;
const usersEvent = usersJson as unknown as DynamoDBStreamEvent;
const usersValidEvent = usersValidJson as unknown as DynamoDBStreamEvent;

/** Runs `act` with console output captured (the exported handlers log JSON lines to the console). */
async function capturingConsole<T>(act: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  console.error = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    return { result: await act(), lines };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** The partial batch response naming the records at `indexes`, by the identifier `id` reads. */
function failuresAt<R>(records: R[], indexes: number[], id: (record: R) => string) {
  return { batchItemFailures: indexes.map((i) => ({ itemIdentifier: id(records[i] as R) })) };
}

const context = (): Context => lambdaContext({ functionName: 'samples-test' });

describe('samples', () => {
  describe('sqs-orders', () => {
    const messageIds = (indexes: number[]) => failuresAt(ordersEvent.Records, indexes, (r) => r.messageId);

    it('saves the valid orders of events/orders.json and reports the invalid, malformed and out-of-stock ones', async () => {
      // Prepare
      const store = new OrderStore();
      const logger = capturingLogger();
      const handler = new ordersSample.OrderHandler(store, logger).handler;

      // Act
      const response = await handler(ordersEvent, context());

      // Assess
      expect(response).to.deep.equal(messageIds([1, 2, 3]));
      expect([...store.orders.values()].map((o) => [o.orderId, o.itemCount, o.totalCents])).to.deep.equal([
        ['ORD-1001', 3, 4999],
        ['ORD-1005', 3, 1425],
      ]);
      const failures = logger.entries.filter((e) => e.level === 'error').map((e) => [e.details?.errorCode, e.details?.retryable]);
      expect(failures).to.deep.equal([
        ['RECORD_VALIDATION_FAILED', false],
        ['RECORD_PARSE_FAILED', false],
        ['OUT_OF_STOCK', true],
      ]);
      const invalid = logger.entries.find((e) => e.details?.errorCode === 'RECORD_VALIDATION_FAILED');
      expect(invalid?.details?.invalid).to.deep.equal(['customerEmail', 'items.1.qty']);
    });

    it('the exported handler saves both orders of events/orders-valid.json and reports no failure', async () => {
      // Act: called detached, as Lambda calls it
      const { handler } = ordersSample;
      const { result } = await capturingConsole(() => handler(ordersValidEvent, context()));

      // Assess
      expect(result).to.deep.equal({ batchItemFailures: [] });
      expect(ordersSample.orders.orders.get('ORD-2001')).to.deep.include({
        totalCents: 1250,
        messageId: ordersValidEvent.Records[0]?.messageId,
      });
      expect(ordersSample.orders.orders.get('ORD-2002')).to.deep.include({
        totalCents: 5473,
        messageId: ordersValidEvent.Records[1]?.messageId,
      });
    });

    it('logs one JSON line per record by default, naming the message and never its body', async () => {
      // Prepare
      const handler = new ordersSample.OrderHandler(new OrderStore()).handler;

      // Act
      const { lines } = await capturingConsole(() => handler(ordersEvent, context()));

      // Assess
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.map((entry) => entry.itemIdentifier)).to.deep.equal(ordersEvent.Records.map((r) => r.messageId));
      for (const line of lines) expect(line).not.to.match(/@example\.com/);
    });
  });

  describe('kinesis-clickstream', () => {
    const sequenceNumbers = (event: KinesisStreamEvent, indexes: number[]) =>
      failuresAt(event.Records, indexes, (r) => r.kinesis.sequenceNumber);

    it('counts events/clicks.json up to the clock-skewed record and reports it and every record after it', async () => {
      // Prepare
      const stats = new ClickStats();
      const logger = capturingLogger();
      const handler = new clickstreamSample.ClickstreamHandler(stats, logger).handler;

      // Act
      const response = await handler(clicksEvent, context());

      // Assess: Lambda retries a stream from the first failure, so batchkit runs nothing after it
      expect(response).to.deep.equal(sequenceNumbers(clicksEvent, [2, 3]));
      expect(Object.fromEntries(stats.views)).to.deep.equal({ '/home': 1 });
      expect(Object.fromEntries(stats.clicks)).to.deep.equal({ '/products/42#add-to-cart': 1 });
      expect(logger.entries.map((e) => [e.details?.errorCode, e.details?.retryable])).to.deep.equal([
        ['CLOCK_SKEW', false],
        ['STREAM_SHORT_CIRCUIT', true],
      ]);
    });

    it('the exported handler counts every record of events/clicks-valid.json', async () => {
      // Act
      const { handler } = clickstreamSample;
      const response = await handler(clicksValidEvent, context());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(Object.fromEntries(clickstreamSample.stats.views)).to.deep.equal({ '/home': 1 });
      expect(Object.fromEntries(clickstreamSample.stats.clicks)).to.deep.equal({ '/pricing#start-trial': 1 });
      expect(clickstreamSample.stats.sessions).to.deep.equal(
        new Set(clicksValidEvent.Records.map((r) => r.kinesis.partitionKey)),
      );
    });

    it('throws FullBatchFailureError naming both records of events/clicks-malformed.json', async () => {
      // Prepare
      const stats = new ClickStats();
      const handler = new clickstreamSample.ClickstreamHandler(stats, capturingLogger()).handler;

      // Act
      const error = await handler(clicksMalformedEvent, context()).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );

      // Assess
      expect(error).to.be.instanceOf(FullBatchFailureError);
      expect((error as FullBatchFailureError).code).to.equal('FULL_BATCH_FAILURE');
      expect((error as FullBatchFailureError).response).to.deep.equal(sequenceNumbers(clicksMalformedEvent, [0, 1]));
      expect(stats.sessions.size).to.equal(0);
    });
  });

  describe('dynamodb-users', () => {
    const sequenceNumbers = (event: DynamoDBStreamEvent, indexes: number[]) =>
      failuresAt(event.Records, indexes, (r) => r.dynamodb?.SequenceNumber as string);

    it('welcomes, updates and removes users from events/user-changes.json up to the invalid one', async () => {
      // Prepare
      const mailer = new Mailer();
      const directory = new UserDirectory();
      directory.users.set('u-0007', { name: 'Lee Park', plan: 'team' });
      const logger = capturingLogger();
      const handler = new usersSample.UserStreamHandler(mailer, directory, logger).handler;

      // Act
      const response = await handler(usersEvent, context());

      // Assess
      expect(response).to.deep.equal(sequenceNumbers(usersEvent, [3, 4]));
      expect([...mailer.outbox.keys()]).to.deep.equal(['u-1001']);
      expect(Object.fromEntries(directory.users)).to.deep.equal({
        'u-1001': { name: 'Ana Lima', plan: 'free' },
        'u-0042': { name: 'Omar Haddad', plan: 'pro' },
      });
      expect(logger.entries.map((e) => [e.details?.eventName, e.details?.errorCode])).to.deep.equal([
        ['INSERT', 'RECORD_VALIDATION_FAILED'],
        ['INSERT', 'STREAM_SHORT_CIRCUIT'],
      ]);
    });

    it('the exported handler applies every change of events/user-changes-valid.json', async () => {
      // Act
      const { handler } = usersSample;
      const response = await handler(usersValidEvent, context());

      // Assess
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect([...usersSample.mailer.outbox.values()].map((m) => m.to)).to.deep.equal(['kai@example.com', 'mia@example.com']);
      expect(Object.fromEntries(usersSample.directory.users)).to.deep.equal({
        'u-2001': { name: 'Kai Bergström', plan: 'free' },
        'u-2002': { name: 'Mia Costa', plan: 'team' },
      });
    });
  });
});
