import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

export class RlExportConfig extends BaseServiceConfig {
  override PORT = 3106;

  /** `<phase>@<interval>` entries, e.g. `grpo@24h,sft@7d`; empty (the default) issues no requests. */
  @IsOptional() @Matches(/^\s*$|^\s*[a-z-]+@\d+[mhd]\s*(,\s*[a-z-]+@\d+[mhd]\s*)*$/, { message: 'RL_EXPORT_SCHEDULE must be <phase>@<number><m|h|d>[,…]' })
  RL_EXPORT_SCHEDULE = '';

  /** how often the schedule is checked. */
  @Transform(({ value }) => Number(value)) @IsNumber() @Min(1_000) @Max(3_600_000)
  RL_EXPORT_SCHEDULE_TICK_MS = 60_000;

  /** secret for the deterministic DP reward noise; from a Kubernetes Secret in production. */
  @IsString() @MinLength(16, { message: 'RL_EXPORT_DP_NOISE_KEY must be at least 16 characters' })
  RL_EXPORT_DP_NOISE_KEY = 'benchpool-local-dp-noise-key';

  /** ε each tenant's data may spend on DP exports per RL_EXPORT_PRIVACY_PERIOD. */
  @Transform(({ value }) => Number(value)) @IsNumber() @Min(0)
  RL_EXPORT_PRIVACY_BUDGET = 10;

  /** the UTC period the budget renews over (`lifetime`: never). */
  @IsIn(['day', 'week', 'month', 'year', 'lifetime'])
  RL_EXPORT_PRIVACY_PERIOD: 'day' | 'week' | 'month' | 'year' | 'lifetime' = 'month';

  /** tenant id on the requests the schedule issues. */
  @IsString()
  RL_EXPORT_SCHEDULE_TENANT = 'rl-pipeline';
}
