import { setTimeout as sleep } from 'node:timers/promises';
import { lambdaContext } from 'batchkit/testing';
import { expect } from 'chai';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('testing/lambdaContext', () => {
  it('has every field of the Lambda Context, with defaults', () => {
    // Act
    const context = lambdaContext();

    // Assess
    expect(context.callbackWaitsForEmptyEventLoop).to.equal(true);
    expect(context.functionName).to.equal('batchkit-function');
    expect(context.functionVersion).to.equal('$LATEST');
    expect(context.invokedFunctionArn).to.equal('arn:aws:lambda:us-east-1:123456789012:function:batchkit-function');
    expect(context.memoryLimitInMB).to.equal('1024');
    expect(context.awsRequestId).to.match(UUID);
    expect(context.logGroupName).to.equal('/aws/lambda/batchkit-function');
    expect(context.logStreamName).to.match(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    for (const method of ['getRemainingTimeInMillis', 'done', 'fail', 'succeed'] as const) {
      expect(context[method]).to.be.a('function');
    }
  });

  it('applies the options', () => {
    // Act
    const context = lambdaContext({ functionName: 'orders', memoryLimitInMB: 256, awsRequestId: 'req-1', timeoutMs: 5000 });

    // Assess
    expect(context.functionName).to.equal('orders');
    expect(context.invokedFunctionArn).to.equal('arn:aws:lambda:us-east-1:123456789012:function:orders');
    expect(context.logGroupName).to.equal('/aws/lambda/orders');
    expect(context.memoryLimitInMB).to.equal('256');
    expect(context.awsRequestId).to.equal('req-1');
    expect(context.getRemainingTimeInMillis()).to.be.within(4000, 5000);
  });

  it('gives every context its own request id', () => {
    // Act
    const ids = [lambdaContext(), lambdaContext()].map((c) => c.awsRequestId);

    // Assess
    expect(ids[0]).to.not.equal(ids[1]);
  });

  it('starts from 30 s by default', () => {
    // Act
    const remaining = lambdaContext().getRemainingTimeInMillis();

    // Assess
    expect(remaining).to.be.within(29_000, 30_000);
  });

  it('counts down in real time', async () => {
    // Prepare
    const context = lambdaContext({ timeoutMs: 10_000 });
    const start = context.getRemainingTimeInMillis();

    // Act
    await sleep(60);
    const later = context.getRemainingTimeInMillis();

    // Assess
    expect(start).to.be.within(9_000, 10_000);
    expect(start - later).to.be.within(40, 2_000);
  });

  it('stops at zero once the time is up', async () => {
    // Prepare
    const context = lambdaContext({ timeoutMs: 10 });

    // Act
    await sleep(40);

    // Assess
    expect(context.getRemainingTimeInMillis()).to.equal(0);
  });

  it('refuses the legacy done/fail/succeed callbacks', () => {
    // Prepare
    const context = lambdaContext();

    // Act
    const calls = [() => context.done(), () => context.fail('x'), () => context.succeed('x')];

    // Assess
    for (const call of calls) expect(call).to.throw(Error);
  });
});
