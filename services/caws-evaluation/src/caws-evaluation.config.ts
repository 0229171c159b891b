import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

export class CawsEvaluationConfig extends BaseServiceConfig {
  override PORT = 3103;

  /** optional JSON overriding parts of the evaluator's config (tiers, budgets, weights). */
  @IsOptional() @IsString()
  CAWS_CONFIG?: string;

  @Matches(/^[A-Za-z0-9:._-]*$/)
  CAWS_KEY_PREFIX = 'caws:';

  /** how long an evaluation is remembered so a redelivery republishes the same result. */
  @Transform(({ value }) => Number(value)) @IsInt() @Min(60)
  CAWS_RESULT_TTL_SECONDS = 7 * 24 * 3600;
}
