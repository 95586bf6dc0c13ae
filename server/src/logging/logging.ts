import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { Options } from 'pino-http';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/config';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming X-Request-Id is kept only if it is a short, plain token; anything else could forge or flood log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

type WithId = IncomingMessage & { id?: string };

/** Gives every request an id (the caller's, if sane, else a UUID) and returns it as X-Request-Id. First middleware of the app. */
export function requestIdMiddleware(req: WithId, res: ServerResponse, next: () => void): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, req.id);
  next();
}

export function requestIdOf(req: unknown): string | undefined {
  const id = (req as WithId | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Fields whose values never reach a log line, wherever they appear in a logged object (up to three levels deep). */
export const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'confirmPassword',
  'passwordHash',
  'code',
  'token',
  'accessToken',
  'refreshToken',
  'jwtSecret',
  'authorization',
  'cookie',
];

const SECRET_KEYS = new Set<string>([...SECRET_FIELDS, 'set-cookie']);
const CENSOR = '[redacted]';
const SECRET_DEPTH = 3;

/**
 * The logged object with every secret field, up to three levels deep, replaced by "[redacted]".
 * Copy on write: an object without secrets is returned as it is, and only the objects on the way
 * to a secret are copied — pino's path redaction with wildcards copied every logged object
 * (≈ 67 KB of garbage for each request's line, measured). Requests and responses are left to their
 * serializers, which log only method, masked URL and status; buffers and dates hold no fields.
 * A child logger's bindings are not looked at: the app binds only the request id.
 */
export function withoutSecrets<T>(value: T, depth = 1): T {
  if (value === null || typeof value !== 'object' || depth > SECRET_DEPTH || opaque(value)) return value;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    const kept = field !== undefined && SECRET_KEYS.has(key) ? CENSOR : withoutSecrets(field, depth + 1);
    if (kept === field) continue;
    copy ??= copyOf(value);
    copy[key] = kept;
  }
  return (copy ?? value) as T;
}

const opaque = (value: object) =>
  value instanceof IncomingMessage || value instanceof ServerResponse || value instanceof Date || ArrayBuffer.isView(value);

/** A shallow copy that still serializes as the original would (an error keeps its class, message and stack). */
function copyOf(value: object): Record<string, unknown> {
  if (Array.isArray(value)) return [...value] as unknown as Record<string, unknown>;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>, value);
  if (value instanceof Error) Object.assign(copy, { message: value.message, stack: value.stack });
  return copy;
}

/** Query parameters that may carry a secret are masked in logged URLs. */
const SECRET_QUERY = /([?&](?:token|access_token|accessToken|code|password)=)[^&]*/gi;
const maskUrl = (url: string | undefined) => (url ?? '').replace(SECRET_QUERY, '$1[redacted]');

export interface LoggingOptions {
  level: LevelWithSilent;
  /** json: one JSON object a line (production); pretty: coloured, for people (development). */
  format: 'json' | 'pretty';
  /** Where the lines go; stdout when absent. Tests capture the log here. */
  destination?: DestinationStream;
}

export function loggingOptions(config: AppConfig, override: Partial<LoggingOptions> = {}): LoggingOptions {
  return { level: config.logLevel, format: config.logFormat, ...override };
}

/** pino-http settings: lean request lines, the request id on every line logged during a request, secrets redacted. */
export function pinoParams(options: LoggingOptions): Params {
  const http: Options = {
    level: options.level,
    formatters: { log: (object) => withoutSecrets(object) },
    genReqId: (req: IncomingMessage) => requestIdOf(req) ?? randomUUID(),
    customAttributeKeys: { reqId: 'requestId' },
    // Lines logged while handling a request carry just its id, not the whole request.
    quietReqLogger: true,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: maskUrl(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // 503 is the database being away (already reported where it is noticed); 500 is a bug, logged with its stack by the error filter.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode === 500 ? 'error' : res.statusCode >= 500 ? 'warn' : 'info',
    // pino-http invents an Error (with a useless stack) for every 5xx; the status code says it all.
    customErrorObject: (_req: IncomingMessage, _res: ServerResponse, error: Error, value: Record<string, unknown>) =>
      /^failed with status code/.test(error.message) ? { ...value, err: undefined } : value,
    // Load balancers poll health every few seconds; those lines would drown the rest.
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/health') },
  };
  const destination =
    options.destination ??
    (options.format === 'pretty' ? pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : undefined);
  // Every route (Nest 11 wildcard syntax; the bare '*' of nestjs-pino's default draws a deprecation warning).
  return { pinoHttp: destination ? [http, destination] : http, forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }] };
}

export const loggingModule = (options: LoggingOptions): DynamicModule => LoggerModule.forRoot(pinoParams(options));
