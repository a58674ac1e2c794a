import { OrderDto } from './dto';

/** An order as the sample keeps it. */
export interface SavedOrder {
  orderId: string;
  customerEmail: string;
  itemCount: number;
  /** In cents, to keep the sums exact. */
  totalCents: number;
  /** The SQS message the order came from. */
  messageId: string;
}

/** A product cannot be reserved right now; the message goes back to the queue and is retried later. */
export class OutOfStockError extends Error {
  readonly code = 'OUT_OF_STOCK';

  constructor(readonly sku: string) {
    super(`${sku} is out of stock.`);
    this.name = 'OutOfStockError';
  }
}

/**
 * Stands in for a database and an inventory service, in memory, so the sample makes no AWS calls.
 * Saving is idempotent by order id: SQS delivers at least once, so the same order may arrive twice.
 */
export class OrderStore {
  readonly orders = new Map<string, SavedOrder>();
  private readonly soldOut: ReadonlySet<string>;

  constructor(soldOut: Iterable<string> = ['SKU-0404']) {
    this.soldOut = new Set(soldOut);
  }

  /** Reserves stock and records the order; throws `OutOfStockError` before recording anything. */
  save(order: OrderDto, messageId: string): SavedOrder {
    for (const item of order.items) {
      if (this.soldOut.has(item.sku)) throw new OutOfStockError(item.sku);
    }
    const totalCents = order.items.reduce((sum, item) => sum + item.qty * Math.round(item.unitPrice * 100), 0);
    const saved: SavedOrder = {
      orderId: order.orderId,
      customerEmail: order.customerEmail,
      itemCount: order.items.reduce((sum, item) => sum + item.qty, 0),
      totalCents,
      messageId,
    };
    this.orders.set(order.orderId, saved);
    return saved;
  }
}
