import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  InvalidOptionError,
  PartialSqsProcessor,
  processPartialResponseSync,
  SqsFifoPartialProcessor,
  silentLogger,
} from 'batchkit';
import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { resolveSqsSettings } from '../../../src/sqs/options';
import { thrownBy } from '../../support/errors';
import { mockedSqs } from './support';

describe('sqs/options', () => {
  it('defaults to retrying poison messages, and a dlqUrl implies sending them to it', () => {
    // Prepare / Act
    const plain = resolveSqsSettings({});
    const withUrl = resolveSqsSettings({ dlqUrl: 'https://sqs.us-east-1.amazonaws.com/1/dlq' });

    // Assess
    expect(plain).to.deep.equal({ poisonMessages: 'retry', dlqUrl: undefined, nonRetryableErrors: [], retryBackoff: undefined });
    expect(withUrl).to.deep.include({ poisonMessages: 'dlq' });
  });

  it('rejects unusable values with InvalidOptionError', () => {
    // Prepare
    const { client } = mockedSqs();
    const invalid: object[] = [
      { poisonMessages: 'drop' },
      { poisonMessages: 'retry', dlqUrl: 'https://sqs.us-east-1.amazonaws.com/1/dlq' },
      { dlqUrl: '' },
      { nonRetryableErrors: ['TypeError'] },
      { retryBackoff: { baseSeconds: -1, maxSeconds: 10 } },
      { retryBackoff: { baseSeconds: 10, maxSeconds: 5 } },
      { retryBackoff: { baseSeconds: 1, maxSeconds: 50_000 } },
      { client, clientConfig: { region: 'us-east-1' } },
    ];

    // Act / Assess
    for (const [i, options] of invalid.entries()) {
      const error = thrownBy(() => resolveSqsSettings(options));
      expect(error, `case ${i}`).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).code).to.equal('INVALID_OPTION');
    }
  });

  it('accepts the SQS options on SQS processors only', () => {
    // Prepare
    const options = { poisonMessages: 'dlq' as const, logger: silentLogger };

    // Act
    const kinesis = thrownBy(() => new BatchProcessor(EventType.KinesisDataStreams, options as never));

    // Assess
    expect(kinesis).to.be.instanceOf(InvalidOptionError);
    expect(new BatchProcessor(EventType.SQS, options)).to.be.instanceOf(BatchProcessor);
    expect(new SqsFifoPartialProcessor(options)).to.be.instanceOf(SqsFifoPartialProcessor);
    expect(new PartialSqsProcessor(options)).to.be.instanceOf(PartialSqsProcessor);
  });

  it('refuses synchronous processing when an SQS feature is on (SQS calls are asynchronous)', () => {
    // Prepare
    const processor = new BatchProcessorSync(EventType.SQS, { poisonMessages: 'dlq', logger: silentLogger });
    const plain = new BatchProcessorSync(EventType.SQS, { logger: silentLogger });

    // Act
    const error = thrownBy(() => processPartialResponseSync(sqsEvent([{}]), () => {}, processor));

    // Assess
    expect(error).to.be.instanceOf(InvalidOptionError);
    expect(processPartialResponseSync(sqsEvent([{}]), () => {}, plain)).to.deep.equal({ batchItemFailures: [] });
  });
});
