import 'reflect-metadata'; // class-transformer's @Type reads design:type when the class is declared
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsEmail,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** One line of an order. */
export class OrderItemDto {
  @Matches(/^SKU-\d{4}$/)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(100)
  qty!: number;

  @IsNumber({ maxDecimalPlaces: 2 })
  @IsPositive()
  unitPrice!: number;
}

/**
 * The JSON body of one message on the orders queue. batchkit parses the body, builds this class with
 * class-transformer (so `items` become `OrderItemDto` instances through `@Type`) and validates it with
 * class-validator before the record handler runs.
 */
export class OrderDto {
  @Matches(/^ORD-\d+$/)
  orderId!: string;

  @IsEmail()
  customerEmail!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @IsOptional()
  @IsISO8601()
  placedAt?: string;

  @IsOptional()
  @IsString()
  note?: string;
}
