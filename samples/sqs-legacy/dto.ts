import 'reflect-metadata';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * The JSON body of one message on the refunds queue. A message that does not fit is poison: it will never fit, so
 * with `poisonMessages: 'dlq'` it goes to the dead-letter queue on its first delivery instead of being retried.
 */
export class RefundDto {
  @Matches(/^ORD-\d{4}$/)
  orderId!: string;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  amountCents!: number;

  @IsIn(['EUR', 'USD', 'GBP'])
  currency!: string;

  @IsString()
  reason!: string;
}
