import {
  AsyncHandlerError,
  type BatchErrorCode,
  BatchProcessingError,
  DecoratorUsageError,
  DtoRuntimeNotLoadedError,
  FullBatchFailureError,
  MissingItemIdentifierError,
  MissingTypeMetadataError,
  NonErrorThrownError,
  NoRecordHandlerError,
  RecordParseError,
  RecordValidationError,
  ShortCircuitError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoShortCircuitError,
  UnexpectedBatchTypeError,
} from 'batchkit';
import { expect } from 'chai';

interface ErrorCase {
  make: () => BatchProcessingError;
  type: Function;
  name: string;
  code: BatchErrorCode;
  /** The `retryable` flag the contract asks for; omitted for errors that never describe a single record. */
  retryable?: boolean;
}

const cases: ErrorCase[] = [
  {
    make: () => new BatchProcessingError('m'),
    type: BatchProcessingError,
    name: 'BatchProcessingError',
    code: 'BATCH_PROCESSING_FAILED',
    retryable: true,
  },
  {
    make: () => new FullBatchFailureError([new Error('a')], { batchItemFailures: [{ itemIdentifier: 'a' }] }),
    type: FullBatchFailureError,
    name: 'FullBatchFailureError',
    code: 'FULL_BATCH_FAILURE',
    retryable: true,
  },
  {
    make: () => new UnexpectedBatchTypeError('m'),
    type: UnexpectedBatchTypeError,
    name: 'UnexpectedBatchTypeError',
    code: 'UNEXPECTED_BATCH_TYPE',
  },
  {
    make: () => new SqsFifoShortCircuitError('m-1'),
    type: SqsFifoShortCircuitError,
    name: 'SqsFifoShortCircuitError',
    code: 'FIFO_SHORT_CIRCUIT',
    retryable: true,
  },
  {
    make: () => new SqsFifoMessageGroupShortCircuitError('group-1', 'm-1'),
    type: SqsFifoMessageGroupShortCircuitError,
    name: 'SqsFifoMessageGroupShortCircuitError',
    code: 'FIFO_GROUP_SHORT_CIRCUIT',
    retryable: true,
  },
  {
    make: () => new RecordParseError('m'),
    type: RecordParseError,
    name: 'RecordParseError',
    code: 'RECORD_PARSE_FAILED',
    retryable: false,
  },
  {
    make: () => new RecordValidationError('OrderDto', [], [{ path: 'qty', constraints: { min: 'qty too small' } }]),
    type: RecordValidationError,
    name: 'RecordValidationError',
    code: 'RECORD_VALIDATION_FAILED',
    retryable: false,
  },
  {
    make: () => new NoRecordHandlerError('m'),
    type: NoRecordHandlerError,
    name: 'NoRecordHandlerError',
    code: 'NO_RECORD_HANDLER',
    retryable: true,
  },
  {
    make: () => new MissingTypeMetadataError('OrderHandler', 'handle', 'no metadata.'),
    type: MissingTypeMetadataError,
    name: 'MissingTypeMetadataError',
    code: 'MISSING_TYPE_METADATA',
  },
  {
    make: () => new MissingItemIdentifierError(3),
    type: MissingItemIdentifierError,
    name: 'MissingItemIdentifierError',
    code: 'MISSING_ITEM_IDENTIFIER',
    retryable: true,
  },
  {
    make: () => new NonErrorThrownError('x'),
    type: NonErrorThrownError,
    name: 'NonErrorThrownError',
    code: 'NON_ERROR_THROWN',
    retryable: true,
  },
  {
    make: () => new AsyncHandlerError('m'),
    type: AsyncHandlerError,
    name: 'AsyncHandlerError',
    code: 'ASYNC_HANDLER_IN_SYNC_PROCESSOR',
    retryable: true,
  },
  {
    make: () => new DecoratorUsageError('m'),
    type: DecoratorUsageError,
    name: 'DecoratorUsageError',
    code: 'INVALID_DECORATOR_USAGE',
  },
  {
    make: () => new DtoRuntimeNotLoadedError(),
    type: DtoRuntimeNotLoadedError,
    name: 'DtoRuntimeNotLoadedError',
    code: 'DTO_RUNTIME_NOT_LOADED',
  },
];

describe('errors', () => {
  for (const { make, type, name, code, retryable } of cases) {
    describe(name, () => {
      it('extends BatchProcessingError and Error, with its own name and a stable code', () => {
        // Prepare / Act
        const error = make();

        // Assess
        expect(error).to.be.instanceOf(type);
        expect(error).to.be.instanceOf(BatchProcessingError);
        expect(error).to.be.instanceOf(Error);
        expect(error.name).to.equal(name);
        expect(error.code).to.equal(code);
        expect(error.message).to.be.a('string').and.not.equal('');
        expect(error.stack).to.be.a('string');
      });

      if (retryable !== undefined) {
        it(`is ${retryable ? '' : 'not '}retryable`, () => {
          // Prepare / Act
          const error = make();

          // Assess
          expect(error.retryable).to.equal(retryable);
        });
      }
    });
  }

  it('gives every error kind a distinct code', () => {
    // Prepare / Act
    const codes = cases.map((c) => c.make().code);

    // Assess
    expect(new Set(codes).size).to.equal(cases.length);
  });

  it('makes both skip errors ShortCircuitErrors that name the failed record', () => {
    // Prepare / Act
    const all = new SqsFifoShortCircuitError('m-1');
    const group = new SqsFifoMessageGroupShortCircuitError('group-7', 'm-2');

    // Assess
    expect(all).to.be.instanceOf(ShortCircuitError);
    expect(group).to.be.instanceOf(ShortCircuitError);
    expect(group).to.not.be.instanceOf(SqsFifoShortCircuitError);
    expect(all.failedItemIdentifier).to.equal('m-1');
    expect(group.failedItemIdentifier).to.equal('m-2');
    expect(group.messageGroupId).to.equal('group-7');
  });

  describe('cause', () => {
    for (const type of [
      BatchProcessingError,
      RecordParseError,
      UnexpectedBatchTypeError,
      NoRecordHandlerError,
      AsyncHandlerError,
    ]) {
      it(`${type.name} keeps the cause it is given`, () => {
        // Prepare
        const cause = new SyntaxError('underlying');

        // Act
        const error = new type('wrapped', { cause });

        // Assess
        expect(error.cause).to.equal(cause);
      });
    }

    it('NonErrorThrownError keeps the thrown value as cause, whatever it is', () => {
      // Prepare
      const thrown: unknown[] = ['x', null, undefined, 42, { reason: 'r' }, Symbol('s')];

      // Act
      const errors = thrown.map((value) => new NonErrorThrownError(value));

      // Assess
      errors.forEach((error, i) => {
        expect(Object.hasOwn(error, 'cause')).to.equal(true);
        expect(error.cause).to.equal(thrown[i]);
      });
    });

    it('FullBatchFailureError carries every record error and the full response, with the first error as cause', () => {
      // Prepare
      const recordErrors = [new Error('a'), new RecordParseError('b')];
      const response = { batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] };

      // Act
      const error = new FullBatchFailureError(recordErrors, response);

      // Assess
      expect(error.recordErrors).to.deep.equal(recordErrors);
      expect(error.response).to.deep.equal(response);
      expect(error.cause).to.equal(recordErrors[0]);
    });
  });

  it('MissingItemIdentifierError names the index of the record it could not report', () => {
    // Prepare / Act
    const error = new MissingItemIdentifierError(4);

    // Assess
    expect(error.index).to.equal(4);
  });

  it('MissingTypeMetadataError names the class and method', () => {
    // Prepare / Act
    const error = new MissingTypeMetadataError('OrderHandler', 'handle', 'no metadata.');

    // Assess
    expect([error.className, error.methodName]).to.deep.equal(['OrderHandler', 'handle']);
  });

  it("takes a user subclass's own name", () => {
    // Prepare
    class PaymentDeclinedError extends BatchProcessingError {}

    // Act
    const error = new PaymentDeclinedError('declined');

    // Assess
    expect(error.name).to.equal('PaymentDeclinedError');
    expect(error.code).to.equal('BATCH_PROCESSING_FAILED');
  });

  it('rejects unknown codes at compile time', () => {
    // Prepare / Act
    const known: BatchErrorCode = 'NO_RECORD_HANDLER';
    // @ts-expect-error not one of the batchkit error codes
    const unknown: BatchErrorCode = 'SOMETHING_ELSE';

    // Assess
    expect([known, unknown]).to.have.length(2);
  });
});
