import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';

/** The kinds of event the web front end sends. */
export const CLICK_TYPES = ['page_view', 'click', 'scroll'] as const;
export type ClickType = (typeof CLICK_TYPES)[number];

/** One clickstream event: the base64 JSON `data` of a Kinesis record, decoded and validated by batchkit. */
export class ClickDto {
  @IsUUID()
  sessionId!: string;

  @IsIn(CLICK_TYPES)
  type!: ClickType;

  /** A path such as `/products/42`. */
  @Matches(/^\/[\w\-/]*$/)
  page!: string;

  /** Required on clicks: the element clicked. */
  @ValidateIf((click: ClickDto) => click.type === 'click')
  @IsString()
  @IsNotEmpty()
  element?: string;

  /** On scrolls: how far down the page, in percent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  scrollDepth?: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
