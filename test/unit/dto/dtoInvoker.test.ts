// The DTO plan: the input a DTO is built from, the payload limits passed to the source, and who an InvalidDtoError names.
import type { SQSRecord } from 'aws-lambda';
import { EventType, InvalidDtoError, type RecordContext } from 'batchkit';
import { sqsRecord } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import { createDtoPlan, dtoInput } from '../../../src/dto/dtoInvoker';
import { dtoRuntime } from '../../../src/dto/runtime';
import type { EventSource } from '../../../src/sources/EventSource';
import type { PayloadLimits } from '../../../src/sources/limits';
import { sourceOfType } from '../../../src/sources/registry';
import { thrownBy } from '../../support/errors';

class OrderDto {
  @IsString() id!: string;
}

/** The SQS source, recording the limits each payload call gets. */
function recordingSource(): EventSource & { limits: (PayloadLimits | undefined)[] } {
  const sqs = sourceOfType(EventType.SQS);
  const limits: (PayloadLimits | undefined)[] = [];
  const payload: EventSource['payload'] = (record, given) => {
    limits.push(given);
    return sqs.payload(record, given);
  };
  return { ...sqs, limits, payload };
}

const context = () => ({ eventType: EventType.SQS, index: 0 }) as RecordContext;

describe('dtoInput', () => {
  for (const maxDepth of [undefined, 3]) {
    it(`passes the DTO options' maxDepth (${String(maxDepth)}) to the source's payload`, async () => {
      // Prepare
      const plan = createDtoPlan(OrderDto, await dtoRuntime(), { maxDepth }, 'OrderHandler.handle');
      const source = recordingSource();

      // Act
      const input = dtoInput(plan, source, sqsRecord({ id: 'o-1' }), context());

      // Assess
      expect(input).to.deep.equal({ id: 'o-1' });
      expect(source.limits).to.deep.equal([{ maxDepth }]);
    });
  }

  it('hands over the whole record with from: record, without decoding it', async () => {
    // Prepare
    const plan = createDtoPlan(OrderDto, await dtoRuntime(), { from: 'record' }, 'OrderHandler.handle');
    const source = recordingSource();
    const record: SQSRecord = sqsRecord('not json');

    // Act
    const input = dtoInput(plan, source, record, context());

    // Assess
    expect(input).to.equal(record);
    expect(source.limits).to.deep.equal([]);
  });

  it('takes the payload out of its envelope and keeps the envelope on the record context', async () => {
    // Prepare
    const plan = createDtoPlan(OrderDto, await dtoRuntime(), { envelope: 'sns' }, 'OrderHandler.handle');
    const envelope = { Type: 'Notification', Message: JSON.stringify({ id: 'o-1' }) };
    const ctx = context();

    // Act
    const input = dtoInput(plan, recordingSource(), sqsRecord(envelope), ctx);

    // Assess
    expect(input).to.deep.equal({ id: 'o-1' });
    expect(ctx.envelope).to.deep.equal(envelope);
  });
});

describe('createDtoPlan', () => {
  const cases: { why: string; declaredBy: string | undefined; expected: string }[] = [
    { why: 'the handler method that declared it', declaredBy: 'OrderHandler.handle', expected: 'OrderHandler.handle' },
    { why: "the processor's dto when no declarer is given", declaredBy: undefined, expected: "The processor's dto Undecorated" },
  ];
  for (const { why, declaredBy, expected } of cases) {
    it(`names ${why} in the InvalidDtoError of a DTO without constraints`, async () => {
      // Prepare
      class Undecorated {
        id!: string;
      }
      const runtime = await dtoRuntime();

      // Act
      const error = thrownBy(() => createDtoPlan(Undecorated, runtime, {}, declaredBy));

      // Assess
      expect(error).to.be.instanceOf(InvalidDtoError);
      expect((error as InvalidDtoError).declaredBy).to.equal(expected);
    });
  }
});
