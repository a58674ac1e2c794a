import { BatchProcessor, EventType, InvalidOptionError, processPartialResponse, silentLogger } from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsOptional } from 'class-validator';
import { rejectionOf, thrownBy } from '../../support/errors';

describe("a processor's dto option", () => {
  it('calls a dto thunk at the first batch, so it may name a class not yet defined when the processor is built', async () => {
    // Prepare
    // The thunk names a class declared further down: reading it now would throw (temporal dead zone).
    const processor = new BatchProcessor(EventType.SQS, { dto: () => LateDto, logger: silentLogger });
    class LateDto {
      @IsOptional() note?: string;
    }
    const seen: unknown[] = [];

    // Act
    await processPartialResponse(sqsEvent([{}]), (dto: unknown) => seen.push(dto), processor, {});

    // Assess
    expect(seen).to.have.length(1);
    expect(seen[0]).to.be.instanceOf(LateDto);
  });

  it('refuses a dto that is not a class: at construction, or at the first batch for a thunk', async () => {
    // Prepare
    const thunkToNothing = new BatchProcessor(EventType.SQS, { dto: (() => 42) as never, logger: silentLogger });
    let ran = 0;

    // Act
    const atConstruction = thrownBy(() => new BatchProcessor(EventType.SQS, { dto: 'OrderDto' as never }));
    const atFirstBatch = await rejectionOf(processPartialResponse(sqsEvent([{}]), () => ran++, thunkToNothing));

    // Assess
    expect(atConstruction).to.be.instanceOf(InvalidOptionError);
    expect(atFirstBatch).to.be.instanceOf(InvalidOptionError);
    expect([(atConstruction as InvalidOptionError).option, (atFirstBatch as InvalidOptionError).option]).to.deep.equal([
      'dto',
      'dto',
    ]);
    expect(ran).to.equal(0);
  });
});
