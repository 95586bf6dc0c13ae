import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody } from '@ccr/shared';
import { mapError } from './error-mapping';
import { requestIdOf } from '../logging/logging';

/** Every HTTP error leaves as `{ statusCode, error, message, requestId }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const { status, code, message } = mapError(exception);
    const body: ErrorBody = { statusCode: status, error: code, message, requestId: requestIdOf(http.getRequest()) };
    if (!res.headersSent) res.status(status).json(body);
  }
}
