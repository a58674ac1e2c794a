import type { ValidationErrorLike } from '../dto/peerTypes.js';
import { BatchProcessingError } from './BatchProcessingError.js';

/** One failed constraint set, at a dotted path such as `items.0.qty`. */
export interface ValidationDetail {
  path: string;
  constraints: Record<string, string>;
}

/**
 * The record payload was decoded but its DTO failed class-validator validation.
 *
 * @example
 * ```ts
 * onFailure(failure: RecordFailure) {
 *   if (failure.error instanceof RecordValidationError) {
 *     for (const { path, constraints } of failure.error.details) console.warn(path, Object.values(constraints));
 *   }
 * }
 * ```
 */
export class RecordValidationError extends BatchProcessingError {
  static override readonly errorName: string = 'RecordValidationError';
  override readonly code = 'RECORD_VALIDATION_FAILED' as const;
  override readonly retryable: boolean = false;

  constructor(
    /** The DTO class name. */
    readonly dtoName: string,
    /** The class-validator errors, as returned by `validate`. */
    readonly validationErrors: ValidationErrorLike[],
    /** The same errors flattened to paths and constraints. */
    readonly details: ValidationDetail[],
  ) {
    super(`${dtoName} failed validation: ${details.map(formatDetail).join('; ')}`);
  }
}

function formatDetail(detail: ValidationDetail): string {
  return `${detail.path} (${Object.values(detail.constraints).join(', ')})`;
}

/** Flattens class-validator's error tree into `{ path, constraints }` entries, depth first. */
export function flattenValidationErrors(errors: readonly ValidationErrorLike[], prefix = ''): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  for (const error of errors) {
    const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
    if (error.constraints !== undefined && Object.keys(error.constraints).length > 0) {
      details.push({ path, constraints: { ...error.constraints } });
    }
    if (error.children !== undefined && error.children.length > 0) {
      details.push(...flattenValidationErrors(error.children, path));
    }
  }
  return details;
}
