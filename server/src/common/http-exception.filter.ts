import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody } from '@ccr/shared';
import { mapError } from './error-mapping';

/** Every HTTP error leaves as `{ statusCode, error, message }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, message } = mapError(exception);
    const body: ErrorBody = { statusCode: status, error: code, message };
    if (!res.headersSent) res.status(status).json(body);
  }
}
