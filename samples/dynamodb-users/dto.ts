import { IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

export const PLANS = ['free', 'pro', 'team'] as const;
export type Plan = (typeof PLANS)[number];

/**
 * A row of the Users table, from a stream record's NewImage (OldImage on REMOVE). batchkit unmarshalls the
 * DynamoDB AttributeValues first: `loginCount` arrives as a number (N), `marketingOptIn` as a boolean (BOOL),
 * `interests` as an array (L).
 */
export class UserDto {
  @Matches(/^u-\d+$/)
  userId!: string;

  @IsEmail()
  email!: string;

  @IsString()
  @Length(1, 100)
  name!: string;

  @IsIn(PLANS)
  plan!: Plan;

  @IsInt()
  @Min(0)
  loginCount!: number;

  @IsOptional()
  @IsBoolean()
  marketingOptIn?: boolean;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  interests?: string[];
}
