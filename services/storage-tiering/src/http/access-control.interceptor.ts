import {
  CallHandler, createParamDecorator, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor, SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import { AccessDeniedError, authorize, Permission, Principal, StorageCore } from '@benchpool/storage-core';

export const PERMISSION = 'storage:permission';
/** The permission a route needs (see ROLE_PERMISSIONS in @benchpool/storage-core). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION, permission);

/** The parts of the (express) request this interceptor reads. */
interface HttpRequest {
  method: string;
  path: string;
  baseUrl?: string;
  route?: { path?: string };
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

type AuthenticatedRequest = HttpRequest & { principal?: Principal };

/** The caller's principal (set by AccessControlInterceptor). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new HttpException('no principal', 401);
  return principal;
});

/** Query and body fields never written to the audit log. */
const SECRET_FIELDS = new Set(['apiKey', 'secret', 'password']);

/**
 * Every /v1 request: x-api-key → principal (401 without a valid key), the route's permission
 * (403 for a role without it), the handler, then ONE access_audit document (who = key id, what =
 * method + route + params, when, status, how many records) before the response leaves — also for
 * refusals and bad requests. Counts requests by route and status.
 */
@Injectable()
export class AccessControlInterceptor implements NestInterceptor {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<{ statusCode?: number }>();
    const permission = this.reflector.get<Permission>(PERMISSION, context.getHandler());
    const started = performance.now();
    const route = `${request.baseUrl ?? ''}${request.route?.path ?? request.path}`;

    const finish = async (status: number, records: number, reason?: string): Promise<void> => {
      this.core.metrics.apiRequests.inc({ method: request.method, route, status: String(status) });
      this.core.metrics.apiDuration.observe({ route }, (performance.now() - started) / 1000);
      await this.core.audit.record({
        at: new Date(), keyId: request.principal?.keyId ?? null, role: request.principal?.role ?? null, method: request.method, route,
        path: request.path, params: auditParams(request), status, records, durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(reason ? { reason } : {}),
      });
    };

    const admitted = async (): Promise<void> => {
      const header = request.headers['x-api-key'];
      const principal = await this.core.apiKeys.authenticate(Array.isArray(header) ? header[0] : header);
      if (principal) request.principal = principal;
      const decision = authorize(principal, permission);
      if (!decision.allowed) throw new AccessDeniedError(decision.status, decision.reason);
    };

    return from(admitted()).pipe(
      concatMap(() => next.handle()),
      concatMap(async (result) => {
        await finish(response.statusCode ?? 200, recordCount(result));
        return result;
      }),
      catchError((error: unknown) => {
        const httpError = toHttpException(error);
        const reason = messageOf(httpError);
        return from(finish(httpError.getStatus(), 0, reason)).pipe(concatMap(() => throwError(() => httpError)));
      }),
    );
  }
}

function toHttpException(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  if (error instanceof AccessDeniedError) {
    const names = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const;
    return new HttpException({ statusCode: error.status, error: names[error.status], message: error.message }, error.status);
  }
  return new HttpException({ statusCode: 500, error: 'Internal Server Error', message: (error as Error)?.message ?? String(error) }, 500);
}

function messageOf(error: HttpException): string {
  const body = error.getResponse();
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  return (Array.isArray(message) ? message.join('; ') : String(message ?? error.message)).slice(0, 500);
}

function auditParams(request: HttpRequest): Record<string, unknown> {
  const params: Record<string, unknown> = { ...(request.params ?? {}), ...(request.query ?? {}) };
  if (request.body && typeof request.body === 'object') Object.assign(params, request.body as Record<string, unknown>);
  for (const field of Object.keys(params)) if (SECRET_FIELDS.has(field)) params[field] = '[redacted]';
  return params;
}

/** How many records a response carries: its items, its groups, or 1. */
function recordCount(result: unknown): number {
  if (result && typeof result === 'object') {
    const value = result as { items?: unknown; groups?: unknown; reports?: unknown };
    if (Array.isArray(value.items)) return value.items.length;
    if (Array.isArray(value.groups)) return value.groups.length;
    if (Array.isArray(value.reports)) return value.reports.length;
  }
  return result === undefined || result === null ? 0 : 1;
}
