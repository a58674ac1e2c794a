/** One `@Type` of class-transformer's metadata storage. */
export interface TypeMetadataLike {
  typeFunction?: (options: { newObject: unknown; object: unknown; property: string }) => unknown;
  reflectedType?: unknown;
  options?: { discriminator?: unknown };
}

/** The part of class-transformer's `MetadataStorage` (0.5) that the compiled `plainToInstance` reads. */
export interface TransformerStorage {
  _typeMetadatas: Map<unknown, Map<unknown, TypeMetadataLike>>;
  _transformMetadatas: Map<unknown, unknown>;
  _exposeMetadatas: Map<unknown, unknown>;
  _excludeMetadatas: Map<unknown, unknown>;
  findTypeMetadata(target: unknown, propertyName: string): unknown;
  getAncestors(target: unknown): unknown[];
}

type TypeDecorator = (typeFunction: () => unknown) => (target: object, propertyName: string) => void;

const MAPS = ['_typeMetadatas', '_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas'] as const;

/**
 * class-transformer's metadata storage from its `cjs/storage` module, or `undefined` unless it is the very storage
 * the loaded `Type` decorator writes to (a bundle or an ES module build may hold another copy, whose storage is
 * empty: the fast path would then miss every `@Type`). Checked once with a throwaway class.
 */
export function verifiedTransformerStorage(storageModule: unknown, type: unknown): TransformerStorage | undefined {
  try {
    const storage = (storageModule as { defaultMetadataStorage?: unknown } | undefined)?.defaultMetadataStorage;
    if (typeof storage !== 'object' || storage === null || typeof type !== 'function') return undefined;
    const candidate = storage as Record<string, unknown>;
    if (!MAPS.every((key) => candidate[key] instanceof Map)) return undefined;
    if (typeof candidate.findTypeMetadata !== 'function' || typeof candidate.getAncestors !== 'function') return undefined;
    class Probe {}
    (type as TypeDecorator)(() => Probe)(Probe.prototype, 'probe');
    const verified = storage as TransformerStorage;
    return verified.findTypeMetadata(Probe, 'probe') === undefined ? undefined : verified;
  } catch {
    return undefined; // no reflect-metadata, or another class-transformer: no compiled plainToInstance
  }
}
