import * as batchkit from 'batchkit';
import {
  AsyncHandlerError,
  type BatchErrorCode,
  BatchProcessingError,
  DecoratorUsageError,
  DtoPeersNotInstalledError,
  DtoRuntimeNotLoadedError,
  FullBatchFailureError,
  HookError,
  InvalidDtoError,
  InvalidOptionError,
  MissingItemIdentifierError,
  MissingTypeMetadataError,
  NonErrorThrownError,
  NonRetryableError,
  NoRecordHandlerError,
  RecordParseError,
  RecordValidationError,
  ShortCircuitError,
  SqsBatchProcessingError,
  SqsFifoMessageGroupShortCircuitError,
  SqsFifoRequeuedError,
  SqsFifoShortCircuitError,
  SqsSdkNotInstalledError,
  StreamShortCircuitError,
  TimeBudgetExceededError,
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
  {
    make: () => new DtoPeersNotInstalledError(new Error('Cannot find module')),
    type: DtoPeersNotInstalledError,
    name: 'DtoPeersNotInstalledError',
    code: 'DTO_PEERS_NOT_INSTALLED',
    retryable: false,
  },
  {
    make: () => new InvalidDtoError('OrderHandler.handle', 'OrderDto has no class-validator constraint.'),
    type: InvalidDtoError,
    name: 'InvalidDtoError',
    code: 'INVALID_DTO',
    retryable: false,
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

  describe('names that survive minification', () => {
    /** One instance of every error class `batchkit` exports, by the export's name. */
    const makeExported: Record<string, () => Error> = {
      AsyncHandlerError: () => new AsyncHandlerError('m'),
      BatchProcessingError: () => new BatchProcessingError('m'),
      DecoratorUsageError: () => new DecoratorUsageError('m'),
      DtoRuntimeNotLoadedError: () => new DtoRuntimeNotLoadedError(),
      DtoPeersNotInstalledError: () => new DtoPeersNotInstalledError(new Error('Cannot find module')),
      FullBatchFailureError: () => new FullBatchFailureError([new Error('a')], { batchItemFailures: [{ itemIdentifier: 'a' }] }),
      HookError: () => new HookError('prepare', new Error('x')),
      InvalidDtoError: () => new InvalidDtoError('OrderHandler.handle', 'OrderDto has no class-validator constraint.'),
      InvalidOptionError: () => new InvalidOptionError('concurrency', 'a whole number of at least 1', 0),
      MissingItemIdentifierError: () => new MissingItemIdentifierError(0),
      MissingTypeMetadataError: () => new MissingTypeMetadataError('OrderHandler', 'handle', 'no metadata.'),
      NonErrorThrownError: () => new NonErrorThrownError('x'),
      NonRetryableError: () => new NonRetryableError('m'),
      NoRecordHandlerError: () => new NoRecordHandlerError('m'),
      RecordParseError: () => new RecordParseError('m'),
      RecordValidationError: () => new RecordValidationError('OrderDto', [], []),
      // Abstract for TypeScript users; constructed here only to read the name its instances get.
      ShortCircuitError: () =>
        new (ShortCircuitError as unknown as new (message: string, failed: string) => ShortCircuitError)('m', 'm-1'),
      SqsBatchProcessingError: () =>
        new SqsBatchProcessingError({
          recordErrors: [new Error('a')],
          response: { batchItemFailures: [{ itemIdentifier: 'a' }] },
          deleteFailures: [],
          deleted: 1,
          fullBatch: false,
        }),
      SqsFifoMessageGroupShortCircuitError: () => new SqsFifoMessageGroupShortCircuitError('group-1', 'm-1'),
      SqsFifoRequeuedError: () => new SqsFifoRequeuedError('m-1'),
      SqsFifoShortCircuitError: () => new SqsFifoShortCircuitError('m-1'),
      SqsSdkNotInstalledError: () => new SqsSdkNotInstalledError(new Error('Cannot find module')),
      StreamShortCircuitError: () => new StreamShortCircuitError('4959'),
      TimeBudgetExceededError: () => new TimeBudgetExceededError('m-1', false),
      UnexpectedBatchTypeError: () => new UnexpectedBatchTypeError('m'),
    };

    /** Every class `batchkit` exports that extends Error, by export name. */
    const exportedErrorClasses = Object.entries(batchkit as Record<string, unknown>).filter(
      (entry): entry is [string, Function] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
    );

    it('has an instance of every exported error class', () => {
      // Prepare / Act
      const exported = exportedErrorClasses.map(([exportName]) => exportName).sort();

      // Assess
      expect(Object.keys(makeExported).sort()).to.deep.equal(exported);
    });

    it('keeps each class name as the error name when a minifier renames every class', () => {
      // Prepare: what a minifier does to class names
      const originals = exportedErrorClasses.map(([, type]) => [type, Object.getOwnPropertyDescriptor(type, 'name')] as const);
      exportedErrorClasses.forEach(([, type], i) => {
        Object.defineProperty(type, 'name', { value: `e${i}`, configurable: true });
      });

      // Act
      const names: Record<string, string> = {};
      try {
        for (const [exportName, make] of Object.entries(makeExported)) names[exportName] = make().name;
      } finally {
        for (const [type, descriptor] of originals) Object.defineProperty(type, 'name', descriptor as PropertyDescriptor);
      }

      // Assess
      expect(names).to.deep.equal(Object.fromEntries(Object.keys(makeExported).map((exportName) => [exportName, exportName])));
    });

    it("gives a user's subclass of any batchkit error, declared without a name, its own class name", () => {
      // Prepare
      class PaymentDeclinedError extends BatchProcessingError {}
      class UnknownCustomerError extends NonRetryableError {}
      class QuotaSkippedError extends ShortCircuitError {}
      class LateOrderError extends TimeBudgetExceededError {}

      // Act
      const names = [
        new PaymentDeclinedError('declined').name,
        new UnknownCustomerError('unknown').name,
        new QuotaSkippedError('skipped', 'm-1').name,
        new LateOrderError('m-1', true).name,
      ];

      // Assess
      expect(names).to.deep.equal(['PaymentDeclinedError', 'UnknownCustomerError', 'QuotaSkippedError', 'LateOrderError']);
    });

    it("keeps the name a user's subclass fixes for itself", () => {
      // Prepare
      class PaymentDeclinedError extends NonRetryableError {
        static override readonly errorName = 'PaymentDeclinedError';
      }
      Object.defineProperty(PaymentDeclinedError, 'name', { value: 'e', configurable: true });

      // Act
      const error = new PaymentDeclinedError('declined');

      // Assess
      expect(error.name).to.equal('PaymentDeclinedError');
      expect(error.code).to.equal('NON_RETRYABLE');
    });
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
