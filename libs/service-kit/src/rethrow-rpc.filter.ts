import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';

/**
 * Hands Kafka handler errors to the transport unchanged (HTTP errors keep Nest's default
 * handling). Nest's default RPC filter turns every error into a generic "Internal server error"
 * object, which would hide the reason from the DLQ record and erase the transient/permanent
 * distinction.
 */
@Catch()
export class RethrowRpcExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
