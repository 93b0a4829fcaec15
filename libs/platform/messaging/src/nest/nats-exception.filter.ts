import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands what a message handler threw to the NATS transport as it is. Nest's default replaces
 * every error but an `RpcException` with "Internal server error", which would leave the
 * consumer's failure log and a request's error reply without their cause. (An HTTP app's
 * `ApiExceptionFilter` already rethrows outside HTTP, so a hybrid app inheriting it behaves alike.)
 */
@Catch()
export class NatsExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
