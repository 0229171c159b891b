import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, registerDecorator,
  ValidationArguments, ValidationError, validateSync,
} from 'class-validator';
import { COMPLEXITIES, Complexity } from '@benchpool/contracts';
import { ALL_TENANTS, Role, ROLES } from '../access/access-policy';
import { decodeCursor } from './datapoint-cursor';

/**
 * Query DTOs of the HTTP API. Query strings arrive as text: numbers and booleans are converted
 * here and rejected when they do not parse; unknown parameters are rejected by the pipe
 * (whitelist + forbidNonWhitelisted). A bad request is answered 400 with one message per problem.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;
export const TASK_TYPE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const TENANT_SCOPE_PATTERN = /^(\*|[a-f0-9]{16,128})$/;
const MAX_WINDOW_HOURS = 2 * 366 * 24;
const MAX_RANGE_DAYS = 2 * 366;

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? undefined : typeof value === 'string' ? Number(value) : value);
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Property must not exceed `other` (both optional numbers). */
function NotGreaterThan(other: string) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'notGreaterThan', target: target.constructor, propertyName, constraints: [other],
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const bound = (args.object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof bound !== 'number' || value <= bound;
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must not be greater than ${other}`,
      },
    });
  };
}

/** Date property must be before `other`, and the range at most `maxDays` long. */
function BeforeAndWithin(other: string, maxDays: number) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'beforeAndWithin', target: target.constructor, propertyName, constraints: [other, maxDays],
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const end = (args.object as Record<string, unknown>)[other];
          if (typeof value !== 'string' || typeof end !== 'string') return true;
          const from = Date.parse(value);
          const to = Date.parse(end);
          return !Number.isFinite(from) || !Number.isFinite(to) || (from < to && to - from <= maxDays * 86_400_000);
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must be before ${other} and the range at most ${maxDays} days`,
      },
    });
  };
}

function IsCursor() {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isCursor', target: target.constructor, propertyName,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== null,
        defaultMessage: () => `${propertyName} must be a nextCursor returned by this API`,
      },
    });
  };
}

export class AgentParamsDto {
  @Matches(ID_PATTERN, { message: 'agentId must be an id (letters, digits, . _ : @ / -)' })
  agentId: string;
}

export class DatapointParamsDto {
  @Matches(ID_PATTERN, { message: 'id must be a data point id (letters, digits, . _ : @ / -)' })
  id: string;
}

export class AgentStatsQueryDto {
  @IsOptional() @Matches(TASK_TYPE_PATTERN, { message: 'taskType must be kebab-case, e.g. code-editing' })
  taskType?: string;

  @IsOptional() @IsIn(COMPLEXITIES)
  complexity?: Complexity;

  /** ≤ the hot window (168 h): hot tier; longer: cold tier (whole days). */
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(MAX_WINDOW_HOURS)
  windowHours?: number;

  @IsOptional() @IsISO8601({ strict: true })
  end?: string;
}

export const SYSTEM_GROUP_BY = ['task-type', 'agent', 'day'] as const;

export class SystemStatsQueryDto {
  @IsOptional() @IsIn(SYSTEM_GROUP_BY)
  groupBy?: (typeof SYSTEM_GROUP_BY)[number];

  @IsOptional() @IsISO8601({ strict: true }) @BeforeAndWithin('to', MAX_RANGE_DAYS)
  from?: string;

  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  /** ask for a differentially private release with this ε (analysts always get one). */
  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'epsilon must be a number' }) @Min(0.01) @Max(10)
  epsilon?: number;
}

export class DatapointSearchQueryDto {
  @IsOptional() @Matches(ID_PATTERN, { message: 'agentId must be an id (letters, digits, . _ : @ / -)' })
  agentId?: string;

  @IsOptional() @Matches(TASK_TYPE_PATTERN, { message: 'taskType must be kebab-case, e.g. code-editing' })
  taskType?: string;

  @IsOptional() @IsIn(COMPLEXITIES)
  complexity?: Complexity;

  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) @NotGreaterThan('maxQuality')
  minQuality?: number;

  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  maxQuality?: number;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'rlReady must be true or false' })
  rlReady?: boolean;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'exported must be true or false' })
  exported?: boolean;

  @IsOptional() @IsISO8601({ strict: true }) @BeforeAndWithin('to', MAX_RANGE_DAYS)
  from?: string;

  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @IsOptional() @Matches(/^[a-f0-9]{16,128}$/, { message: 'tenantId must be a hashed tenant id (hex)' })
  tenantId?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  trainingBatchId?: string;

  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @IsOptional() @IsCursor()
  cursor?: string;
}

export class FeedbackQueryDto {
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(90)
  windowDays?: number;

  @IsOptional() @IsISO8601({ strict: true })
  end?: string;
}

export class CollectionHealthQueryDto {
  @IsOptional() @IsISO8601({ strict: true }) @BeforeAndWithin('to', MAX_RANGE_DAYS)
  from?: string;

  @IsOptional() @IsISO8601({ strict: true })
  to?: string;
}

export class CreateApiKeyDto {
  @IsIn(ROLES)
  role: Role;

  @Matches(TENANT_SCOPE_PATTERN, { message: `tenantScope must be '${ALL_TENANTS}' or a hashed tenant id (hex)` })
  tenantScope: string;

  @IsString() @MinLength(1) @MaxLength(100)
  name: string;
}

export class AccessAuditQueryDto {
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  keyId?: string;

  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

export class FeedbackRunDto {
  @IsOptional() @IsISO8601({ strict: true })
  end?: string;

  @IsOptional() @IsBoolean()
  force?: boolean;
}

/** The options the service's ValidationPipe uses; `validateQuery` applies the same rules (for tests and scripts). */
export const QUERY_VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

export function validationMessages(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

export function validateQuery<T extends object>(dtoClass: new () => T, raw: Record<string, unknown>): { ok: true; value: T } | { ok: false; errors: string[] } {
  const instance = plainToInstance(dtoClass, raw);
  const errors = validateSync(instance, QUERY_VALIDATION_OPTIONS);
  return errors.length > 0 ? { ok: false, errors: validationMessages(errors) } : { ok: true, value: instance };
}
