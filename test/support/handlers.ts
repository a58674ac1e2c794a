// Record handlers the tests share.
import type { SQSRecord } from 'aws-lambda';

/** Throws for a record whose body says `"fail": true`; any other record succeeds. */
export function failWhenFlagged(record: SQSRecord): void {
  if ((JSON.parse(record.body) as { fail?: boolean }).fail === true) throw new Error('refused');
}
