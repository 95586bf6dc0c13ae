import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import helmet from 'helmet';
import { RealtimeIoAdapter } from './realtime/io.adapter';
import { join } from 'node:path';
import { Module, type LoggerService, type LogLevel } from '@nestjs/common';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { AppConfig } from './config/config';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { loggingModule, loggingOptions, REQUEST_ID_HEADER, requestIdMiddleware } from './logging/logging';
import { setupOpenApi } from './openapi/openapi';
import { ExpressHttpAdapter } from './common/express-http.adapter';

export interface CreateAppOptions {
  /** Levels to log (the most verbose one sets pino's level), false for none, or a logger of your own. Default: LOG_LEVEL. */
  logger?: LoggerService | LogLevel[] | false;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

const PINO_LEVEL: Record<LogLevel, LevelWithSilent> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const VERBOSITY: LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

function logLevelOf(logger: CreateAppOptions['logger'], fallback: LevelWithSilent): LevelWithSilent {
  if (logger === false) return 'silent';
  if (Array.isArray(logger)) return VERBOSITY.find((l) => logger.some((x) => PINO_LEVEL[x] === l)) ?? 'silent';
  if (logger) return 'silent'; // a logger of the caller's own takes over
  return fallback;
}

/** Builds the whole application (REST under /api, Socket.IO, the web app at /) without listening. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const logging = loggingOptions(config, {
    level: logLevelOf(options.logger, config.logLevel),
    ...(options.logDestination ? { destination: options.logDestination, format: 'json' as const } : {}),
  });
  @Module({ imports: [loggingModule(logging), AppModule.forRoot(config)] })
  class RootModule {}
  const custom = options.logger && !Array.isArray(options.logger) ? options.logger : null;
  const app = await NestFactory.create<NestExpressApplication>(RootModule, new ExpressHttpAdapter(), {
    bufferLogs: !custom,
    logger: custom ?? undefined,
    bodyParser: false,
  });
  if (!custom) app.useLogger(app.get(PinoNestLogger));
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  if (config.trustProxy) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.use(securityHeaders(config.webDir));
  // CORS stays closed unless ALLOWED_ORIGINS names other origins.
  if (config.allowedOrigins.length)
    app.enableCors({ origin: config.allowedOrigins, credentials: false, maxAge: 600, exposedHeaders: [REQUEST_ID_HEADER] });
  app.use(json({ limit: '64kb' }));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
  const io = new RealtimeIoAdapter(app, config);
  await io.connectRedis();
  app.useWebSocketAdapter(io);
  app.enableShutdownHooks();
  serveWeb(app, config.webDir);
  return app;
}

/** helmet, with a script policy that allows exactly the inline bootstrap scripts of the built index.html. */
function securityHeaders(webDir: string) {
  const index = join(webDir, 'index.html');
  const hashes = existsSync(index)
    ? [...readFileSync(index, 'utf8').matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/g)]
        .map((m) => m[1])
        .filter((body) => body.trim())
        .map((body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`)
    : [];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...hashes],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** The built SvelteKit app, with the SPA fallback for every path outside /api and /socket.io. */
function serveWeb(app: NestExpressApplication, webDir: string) {
  const index = join(webDir, 'index.html');
  const assets = serveStatic(webDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml });
  // API calls never look for a file first (a filesystem stat per request on the dashboard's hot path).
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : assets(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/api') || req.path.startsWith('/socket.io')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web app is not built yet: run `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

function noCacheForHtml(res: Response, path: string) {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  if (path.includes('/_app/immutable/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
