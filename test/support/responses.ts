// The partial batch responses the tests expect.

/** The partial batch response naming these identifiers, in this order. */
export function failuresOf(...identifiers: string[]): { batchItemFailures: { itemIdentifier: string }[] } {
  return { batchItemFailures: identifiers.map((itemIdentifier) => ({ itemIdentifier })) };
}
