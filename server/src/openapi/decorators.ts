import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorBodySchema } from './schemas';

const ERROR_MEANINGS: Record<number, string> = {
  400: 'VALIDATION: the request is malformed (wrong types, missing or unknown fields, bad ids)',
  401: 'UNAUTHORIZED: no valid access token',
  403: 'FORBIDDEN: the role may not call this route',
  404: 'NOT_FOUND: no such object, or the caller may not see it',
  409: 'CONFLICT (or TICKET_CLOSED): the object is not in a state that allows this',
  413: 'VALIDATION: the body is larger than 64 kB',
  429: 'RATE_LIMITED: too many requests; the message says when to try again',
  503: 'UNAVAILABLE: the database is unreachable; try again shortly',
};

export interface ApiRouteOptions {
  /** One line for the route list. */
  summary: string;
  description?: string;
  /** The success status (200 unless said otherwise). */
  status?: number;
  /** Further success answers, e.g. 200 for a repeated message. */
  also?: { status: number; description: string }[];
  /** Error statuses besides 401 (added unless public) and 503 (always possible). */
  errors?: number[];
  /** No access token needed. */
  public?: boolean;
  /** The body of the 503 answer, when it is not the usual error body. */
  unavailable?: Type<unknown>;
}

/**
 * Documents one route: its answer schema (null: a 204 without a body), its error answers (all
 * `ErrorBody`) and its bearer authentication.
 */
export function ApiRoute(type: Type<unknown> | [Type<unknown>] | null, options: ApiRouteOptions) {
  const status = options.status ?? 200;
  const errors = new Set([...(options.errors ?? []), ...(options.public ? [] : [401]), 503]);
  return applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    type ? ApiResponse({ status, type, description: 'Success' }) : ApiResponse({ status: 204, description: 'Done; no body' }),
    ...(options.also ?? []).map((a) => ApiResponse({ status: a.status, type: type ?? undefined, description: a.description })),
    ...[...errors]
      .sort()
      .map((s) => ApiResponse({ status: s, type: (s === 503 && options.unavailable) || ErrorBodySchema, description: ERROR_MEANINGS[s] })),
    ...(options.public ? [] : [ApiBearerAuth()]),
  );
}
