import { IsIn, IsOptional, IsString, Matches, MinLength, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { BaseServiceConfig } from '@benchpool/service-kit';

export const DEVELOPMENT_HMAC_KEY = 'benchpool-local-development-key';

@ValidatorConstraint({ name: 'noDevelopmentKeyInProduction' })
class NoDevelopmentKeyInProduction implements ValidatorConstraintInterface {
  validate(key: string, args: ValidationArguments): boolean {
    return (args.object as AnonymizationConfig).NODE_ENV !== 'production' || key !== DEVELOPMENT_HMAC_KEY;
  }
  defaultMessage(): string {
    return 'ANONYMIZATION_HMAC_KEY must be a secret of its own when NODE_ENV=production (the default is public)';
  }
}

export class AnonymizationConfig extends BaseServiceConfig {
  override PORT = 3104;

  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** secret for the tenant-id HMAC; from a Kubernetes Secret in production. */
  @IsString() @MinLength(16, { message: 'ANONYMIZATION_HMAC_KEY must be at least 16 characters' })
  @Validate(NoDevelopmentKeyInProduction)
  ANONYMIZATION_HMAC_KEY = DEVELOPMENT_HMAC_KEY;

  /** recorded with every hash so keys can rotate. */
  @Matches(/^[A-Za-z0-9._-]{1,32}$/)
  ANONYMIZATION_KEY_ID = 'local-1';

  /** optional JSON anonymization policy (rules, path generalisation, identifier renaming). */
  @IsOptional() @IsString()
  ANONYMIZATION_POLICY?: string;
}
