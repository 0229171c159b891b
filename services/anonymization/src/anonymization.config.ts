import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

export class AnonymizationConfig extends BaseServiceConfig {
  override PORT = 3104;

  /** secret for the tenant-id HMAC; from a Kubernetes Secret in production. */
  @IsString() @MinLength(16, { message: 'ANONYMIZATION_HMAC_KEY must be at least 16 characters' })
  ANONYMIZATION_HMAC_KEY = 'benchpool-local-development-key';

  /** recorded with every hash so keys can rotate. */
  @Matches(/^[A-Za-z0-9._-]{1,32}$/)
  ANONYMIZATION_KEY_ID = 'local-1';

  /** optional JSON anonymization policy (rules, path generalisation, identifier renaming). */
  @IsOptional() @IsString()
  ANONYMIZATION_POLICY?: string;
}
