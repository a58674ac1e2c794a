import { expect } from 'chai';
import { parseQueueArn } from '../../../../src/sqs/client/queueArn';

describe('sqs/client/queueArn', () => {
  it('splits a standard and a FIFO queue ARN, in any partition', () => {
    // Prepare / Act
    const standard = parseQueueArn('arn:aws:sqs:eu-west-1:123456789012:orders');
    const fifo = parseQueueArn('arn:aws-cn:sqs:cn-north-1:123456789012:orders.fifo');

    // Assess
    expect(standard).to.deep.equal({
      arn: 'arn:aws:sqs:eu-west-1:123456789012:orders',
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
      queueName: 'orders',
      fifo: false,
    });
    expect(fifo).to.include({ partition: 'aws-cn', region: 'cn-north-1', queueName: 'orders.fifo', fifo: true });
  });

  it('rejects what is not a queue ARN', () => {
    // Prepare
    const invalid = [
      undefined,
      42,
      '',
      'orders',
      'arn:aws:sns:us-east-1:1:topic',
      'arn:aws:sqs:us-east-1:1',
      'arn:aws:sqs::1:q',
      'arn:aws:sqs:us-east-1:1:q:x',
    ];

    // Act / Assess
    for (const value of invalid) expect(parseQueueArn(value), String(value)).to.equal(undefined);
  });
});
