import type { BATCH_HANDLERS, EventType, RECORD_HANDLERS } from '../constants.js';
import type { RecordHandlerOptions } from '../decorators/options.js';

/** What `@RecordHandler` records about one method. */
export interface RecordHandlerMeta {
  methodName: string;
  eventType: EventType;
  options: RecordHandlerOptions;
  /** The prototype that declared the method: its `design:paramtypes` decide the DTO. */
  declaringPrototype: object;
  /** The declared method's parameter count. */
  arity: number;
}

/** What `@BatchHandler` records about one method. */
export interface BatchHandlerMeta {
  methodName: string;
}

interface MetaByKey {
  [RECORD_HANDLERS]: RecordHandlerMeta;
  [BATCH_HANDLERS]: BatchHandlerMeta;
}

/** The class's own entries under `key` (never the inherited ones). */
export function ownMetadata<K extends keyof MetaByKey>(target: object, key: K): readonly MetaByKey[K][] {
  return Object.hasOwn(target, key) ? ((target as Record<K, MetaByKey[K][]>)[key] ?? []) : [];
}

/** Appends an entry to the class's own metadata as a fresh array: a parent class's list is never mutated. */
export function appendOwnMetadata<K extends keyof MetaByKey>(target: object, key: K, entry: MetaByKey[K]): void {
  Object.defineProperty(target, key, {
    value: [...ownMetadata(target, key), entry],
    configurable: true,
    enumerable: false,
    writable: false,
  });
}
