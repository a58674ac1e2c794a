/**
 * A per-process cache of SQS look-ups, keyed by client (two clients pointed at different endpoints never share an
 * answer) and by queue ARN. A failed look-up is not kept, nor an answer `keep` refuses, so the next batch asks again.
 */
export function perClientCache<T>(keep: (value: T) => boolean = () => true) {
  const byClient = new WeakMap<object, Map<string, Promise<T>>>();
  return (client: object, arn: string, lookUp: () => Promise<T>): Promise<T> => {
    let entries = byClient.get(client);
    if (entries === undefined) {
      entries = new Map();
      byClient.set(client, entries);
    }
    const cached = entries.get(arn);
    if (cached !== undefined) return cached;
    const pending = lookUp();
    const known = entries;
    known.set(arn, pending);
    pending.then(
      (value) => (keep(value) ? undefined : known.delete(arn)),
      () => known.delete(arn),
    );
    return pending;
  };
}
