// class-transformer ships no declarations beside its CommonJS files; the fast path reads its metadata storage
// structurally (compiled/transformerStorage.ts), so the module is typed as unknown here.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: unknown;
}
