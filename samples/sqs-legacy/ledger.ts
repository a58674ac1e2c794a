import { NonRetryableError } from 'batchkit';
import type { RefundDto } from './dto';

/** What the ledger recorded for one refund. */
export interface RecordedRefund {
  orderId: string;
  amountCents: number;
  currency: string;
}

/**
 * A stand-in for the payments ledger (in memory: the sample's business logic makes no AWS calls). A refund for an
 * order the ledger does not know can never succeed: `NonRetryableError`. A locked order is a passing condition: an
 * ordinary error, retried after the backoff.
 */
export class Ledger {
  readonly refunds: RecordedRefund[] = [];

  constructor(
    private readonly knownOrders: ReadonlySet<string>,
    private readonly lockedOrders: ReadonlySet<string> = new Set(),
  ) {}

  async refund(refund: RefundDto, messageId: string): Promise<RecordedRefund> {
    if (!this.knownOrders.has(refund.orderId)) {
      throw new NonRetryableError(`Refund ${messageId} names an order the ledger does not know.`);
    }
    if (this.lockedOrders.has(refund.orderId)) throw new Error(`Order of refund ${messageId} is locked by a settlement run.`);
    const recorded = { orderId: refund.orderId, amountCents: refund.amountCents, currency: refund.currency };
    this.refunds.push(recorded);
    return recorded;
  }
}
