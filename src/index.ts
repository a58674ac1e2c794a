export { EventType } from './constants.js';
export { BatchHandler } from './decorators/BatchHandler.js';
export type { BatchHandlerOptions, RecordHandlerOptions } from './decorators/options.js';
export { RecordHandler, type RecordHandlerMethod } from './decorators/RecordHandler.js';
export { loadDtoRuntime } from './dto/loadDtoRuntime.js';
export type { TransformOptionsLike, ValidationErrorLike, ValidatorOptionsLike } from './dto/peerTypes.js';
export type { RunResult } from './engine/execute.js';
export type {
  Conclusion,
  FailureAnnotation,
  FailureCandidate,
  ProcessingRun,
  RunAmendments,
  RunExtension,
  RunPolicy,
  RunView,
} from './engine/extension.js';
export type { SettleObserver } from './engine/observers.js';
export type { RunSettings } from './engine/settings.js';
export { AsyncHandlerError } from './errors/AsyncHandlerError.js';
export { type BatchErrorCode, BatchProcessingError } from './errors/BatchProcessingError.js';
export { DecoratorUsageError } from './errors/DecoratorUsageError.js';
export { DtoPeersNotInstalledError } from './errors/DtoPeersNotInstalledError.js';
export { DtoRuntimeNotLoadedError } from './errors/DtoRuntimeNotLoadedError.js';
export { FullBatchFailureError } from './errors/FullBatchFailureError.js';
export { HookError, type HookName } from './errors/HookError.js';
export { InvalidDtoError } from './errors/InvalidDtoError.js';
export { InvalidOptionError } from './errors/InvalidOptionError.js';
export { MissingItemIdentifierError } from './errors/MissingItemIdentifierError.js';
export { MissingTypeMetadataError } from './errors/MissingTypeMetadataError.js';
export { NonErrorThrownError } from './errors/NonErrorThrownError.js';
export { NonRetryableError } from './errors/NonRetryableError.js';
export { NoRecordHandlerError } from './errors/NoRecordHandlerError.js';
export { RecordParseError } from './errors/RecordParseError.js';
export { RecordValidationError, type ValidationDetail } from './errors/RecordValidationError.js';
export { ShortCircuitError } from './errors/ShortCircuitError.js';
export {
  type SqsBatchProcessingDetails,
  SqsBatchProcessingError,
  type SqsEntryFailure,
} from './errors/SqsBatchProcessingError.js';
export { SqsFifoMessageGroupShortCircuitError } from './errors/SqsFifoMessageGroupShortCircuitError.js';
export { SqsFifoRequeuedError } from './errors/SqsFifoRequeuedError.js';
export { SqsFifoShortCircuitError } from './errors/SqsFifoShortCircuitError.js';
export { SqsSdkNotInstalledError } from './errors/SqsSdkNotInstalledError.js';
export { StreamShortCircuitError } from './errors/StreamShortCircuitError.js';
export { TimeBudgetExceededError } from './errors/TimeBudgetExceededError.js';
export { UnexpectedBatchTypeError } from './errors/UnexpectedBatchTypeError.js';
export { batchResponse } from './handler/batchResponse.js';
export { consoleLogger, silentLogger } from './logging/consoleLogger.js';
export { BasePartialProcessor } from './processors/BasePartialProcessor.js';
export { BatchProcessor, type BatchProcessorOptions, type SqsBatchProcessorOptions } from './processors/BatchProcessor.js';
export { BatchProcessorSync } from './processors/BatchProcessorSync.js';
export type { InspectionEntry, RecordInvoker } from './processors/invocation.js';
export { PartialSqsProcessor, type PartialSqsProcessorOptions } from './processors/PartialSqsProcessor.js';
export type { BaseProcessorOptions, ProceduralHandler } from './processors/processorOptions.js';
export { processPartialResponse, processPartialResponseSync } from './processors/processPartialResponse.js';
export { SqsFifoPartialProcessor } from './processors/SqsFifoPartialProcessor.js';
export { type NativeValue, unmarshallItem, unmarshallValue } from './sources/unmarshall.js';
export type { SqsClientConfigLike, SqsClientLike, SqsMessageAttributeLike, SqsMessageLike } from './sqs/client/clientTypes.js';
export { FAILURE_ATTRIBUTE, type FailureNote } from './sqs/deadLetter/deadLetterCopy.js';
export type {
  ErrorClass,
  PoisonMessagePolicy,
  RetryBackoff,
  SqsHandlerOptions,
  SqsProcessingOptions,
} from './sqs/options.js';
export type {
  BatchLogger,
  BatchOutcome,
  BatchRecord,
  Class,
  DtoOption,
  DtoOptions,
  FailureResult,
  FifoMode,
  OnErrorPolicy,
  OrderingMode,
  PartialBatchResponse,
  ProcessOptions,
  ProcessResult,
  RecordContext,
  RecordFailure,
  RecordOf,
  RecordSuccess,
  SchedulingOptions,
  SuccessResult,
} from './types.js';
