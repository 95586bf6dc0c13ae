import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ErrorCode } from '@ccr/shared';
import { AppError } from './app-error';

const logger = new Logger('Errors');

const STATUS_CODES: Record<number, ErrorCode> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.VALIDATION,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.VALIDATION,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ErrorCode.VALIDATION,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHORIZED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.METHOD_NOT_ALLOWED]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RATE_LIMITED,
  [HttpStatus.SERVICE_UNAVAILABLE]: ErrorCode.UNAVAILABLE,
};

/** Errors raised by the database driver when the server is unreachable. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ENOTFOUND',
]);

export function isDatabaseDown(error: unknown): boolean {
  let e = error as { code?: string; driverError?: unknown; message?: string } | undefined;
  for (let depth = 0; e && depth < 3; depth++) {
    if (e.code && CONNECTION_ERRORS.has(e.code)) return true;
    if (e.message && /Connection lost|connect ECONNREFUSED|Pool is closed|closed state/i.test(e.message)) return true;
    e = e.driverError as typeof e;
  }
  return false;
}

const TRANSIENT_ERRORS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);

/** A deadlock or lock timeout: the transaction was rolled back and may simply be run again. */
export function isTransientConflict(error: unknown): boolean {
  let e = error as { code?: string; driverError?: unknown } | undefined;
  for (let depth = 0; e && depth < 3; depth++) {
    if (e.code && TRANSIENT_ERRORS.has(e.code)) return true;
    e = e.driverError as typeof e;
  }
  return false;
}

export interface MappedError {
  status: number;
  code: ErrorCode;
  message: string;
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/** One mapping from anything thrown to what a client sees, shared by the HTTP filter and the socket acks. */
export function mapError(exception: unknown): MappedError {
  if (exception instanceof AppError) {
    return { status: exception.status, code: exception.code, message: exception.message };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION);
    let message = httpMessage(exception);
    if (status === HttpStatus.NOT_FOUND && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message)) message = 'No such route';
    if (status === HttpStatus.TOO_MANY_REQUESTS) message = 'Too many requests; try again later';
    return { status, code, message };
  }
  const bodyParser = exception as { type?: string; status?: number; message?: string };
  if (bodyParser?.type === 'entity.too.large') {
    return { status: 413, code: ErrorCode.VALIDATION, message: 'Request body too large' };
  }
  if (bodyParser?.type === 'entity.parse.failed') {
    return { status: 400, code: ErrorCode.VALIDATION, message: 'Request body is not valid JSON' };
  }
  if (isDatabaseDown(exception)) {
    return { status: 503, code: ErrorCode.UNAVAILABLE, message: 'The database is unavailable; try again shortly' };
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: 500, code: ErrorCode.INTERNAL, message: 'Something went wrong on our side' };
}
