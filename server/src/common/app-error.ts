import { ERROR_STATUS, ErrorCode } from '@ccr/shared';

/** A failure a client can act on; mapped to an HTTP error body and to a socket ack by one filter each. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Ticket') => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const validation = (message: string) => new AppError(ErrorCode.VALIDATION, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message);
export const ticketClosed = () => new AppError(ErrorCode.TICKET_CLOSED, 'This ticket is closed and accepts no more messages');
export const unauthorized = (message = 'Sign in to continue') => new AppError(ErrorCode.UNAUTHORIZED, message);
export const unavailable = (message = 'The service is temporarily unavailable; try again shortly') =>
  new AppError(ErrorCode.UNAVAILABLE, message);
