// FIFO order and onError while records are in flight: slow handlers, `concurrency` > 1. Each test runs through every
// front door that takes an async handler (support.ts).
import { type BatchRecord, EventType } from 'batchkit';
import { expect } from 'chai';
import { fifoRecords, indexOf, kinesisRecords } from '../../support/records';
import { delay } from '../../support/time';
import { flightTracker } from '../scheduling/support';
import { assess, Boom, fifoSkip, groupSkip, streamSkip } from './expectations';
import { ASYNC_DOORS, type Setup } from './support';

/** The async front doors that can express `setup`. */
const doorsFor = (setup: Setup) => ASYNC_DOORS.filter((door) => door.accepts(setup));

describe('ordering while records are in flight, through every async front door', () => {
  const sequential: { title: string; setup: Setup; groups: string[] }[] = [
    { title: 'a .fifo queue', setup: { eventType: EventType.SQS }, groups: ['a', 'b', 'a', 'c'] },
    { title: 'SqsFifoPartialProcessor', setup: { eventType: EventType.SQS, fifoProcessor: true }, groups: ['a', 'b', 'a', 'c'] },
    {
      title: 'one message group with concurrency: 3',
      setup: { eventType: EventType.SQS, options: { concurrency: 3 } },
      groups: ['g', 'g', 'g', 'g'],
    },
  ];
  for (const { title, setup, groups } of sequential) {
    for (const door of doorsFor(setup)) {
      it(`runs FIFO records one at a time, in input order, however slow (${title}; ${door.name})`, async () => {
        // Prepare
        const records = fifoRecords(groups);
        const tracker = flightTracker();
        const waits = [20, 1, 10, 0];

        // Act
        const seen = await door.run(
          records,
          (record) => tracker.inFlight(String(indexOf(record)), waits[indexOf(record)] ?? 0),
          setup,
        );

        // Assess
        expect(seen.response).to.deep.equal({ batchItemFailures: [] });
        expect(tracker.max).to.equal(1);
        expect(tracker.log).to.deep.equal(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
      });
    }
  }

  const kinesisStop: Setup = { eventType: EventType.KinesisDataStreams, options: { concurrency: 3 } };
  for (const door of doorsFor(kinesisStop)) {
    it(`'stop' (Kinesis): nothing starts after a failure; records in flight finish with their own outcome (${door.name})`, async () => {
      // Prepare
      const records = kinesisRecords(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
      const tracker = flightTracker();
      const waits = [30, 5, 30, 1, 1, 1, 1, 1];
      const ran: number[] = [];
      const handle = async (record: BatchRecord) => {
        const i = indexOf(record);
        ran.push(i);
        await tracker.inFlight(String(i), waits[i] ?? 0);
        if (i === 1 || i === 2) throw new Boom(`record ${i}`);
      };

      // Act
      const seen = await door.run(records, handle, kinesisStop);

      // Assess
      expect(tracker.log.filter((line) => line.startsWith('end'))).to.have.members(['end 0', 'end 1', 'end 2']);
      const skipped = Object.fromEntries([3, 4, 5, 6, 7].map((i) => [i, streamSkip(1)]));
      assess({ ran: [0, 1, 2], response: [1, 2, 3, 4, 5, 6, 7], skipped }, records, ran, seen, true);
    });
  }

  const fifoStop: Setup = { eventType: EventType.SQS, options: { concurrency: 2 } };
  for (const door of doorsFor(fifoStop)) {
    it(`'stop' (SQS FIFO): nothing starts after a failure; the skipped records get the FIFO error (${door.name})`, async () => {
      // Prepare
      const records = fifoRecords(['a', 'b', 'c', 'a', 'd', 'b']);
      const tracker = flightTracker();
      const ran: number[] = [];
      const handle = async (record: BatchRecord) => {
        const i = indexOf(record);
        ran.push(i);
        await tracker.inFlight(String(i), i === 1 ? 2 : 25);
        if (i === 1) throw new Boom();
      };

      // Act
      const seen = await door.run(records, handle, fifoStop);

      // Assess
      expect(tracker.log).to.have.members(['start 0', 'start 1', 'end 1', 'end 0']);
      const skipped = Object.fromEntries([2, 3, 4, 5].map((i) => [i, fifoSkip(1)]));
      assess({ ran: [0, 1], response: [1, 2, 3, 4, 5], skipped }, records, ran, seen, true);
    });
  }

  const groupSkipping: Setup = {
    eventType: EventType.SQS,
    fifoProcessor: true,
    options: { concurrency: 3, skipGroupOnError: true },
  };
  for (const door of doorsFor(groupSkipping)) {
    it(`skipGroupOnError with concurrency: 3 skips only the failed message group; the others finish (${door.name})`, async () => {
      // Prepare
      const records = fifoRecords(['a', 'b', 'a', 'b', 'c', 'a']);
      const ran: number[] = [];
      const handle = async (record: BatchRecord) => {
        const i = indexOf(record);
        ran.push(i);
        await delay(3);
        if (i === 0) throw new Boom();
      };

      // Act
      const seen = await door.run(records, handle, groupSkipping);

      // Assess: groups a, b and c start at once; b's second record after b's first
      assess({ ran: [0, 1, 4, 3], response: [0, 2, 5], skipped: { 2: groupSkip(0), 5: groupSkip(0) } }, records, ran, seen, true);
    });
  }
});
