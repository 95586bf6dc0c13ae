import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type DatabaseConfig = { type: 'mysql' | 'mariadb'; url: string } | { type: 'better-sqlite3'; path: string };

export interface AppConfig {
  production: boolean;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  smtpUrl: string | null;
  mailFrom: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** How long a signed-in session may be kept alive by token refreshes before the password is asked again. */
  sessionMaxAgeSeconds: number;
  bcryptCost: number;
  adminEmail: string | null;
  adminPassword: string | null;
  publicOrigin: string | null;
  allowedOrigins: string[];
  rateLimitScale: number;
  /**
   * STORE_TRANSACTIONS: message-store transactions under way at once on MySQL (1–4). One keeps the
   * database's CPU lowest where it shares a machine with the app; two overlap a batch's round trip
   * with the one before it, which pays where the database is a network hop away.
   */
  storeTransactions: number;
  /**
   * STORE_LANES: independent message-store group commits on MySQL (1–4), the tickets split between
   * them. Two let the database store two batches at once (they never share a ticket row); one uses
   * the least database CPU per message.
   */
  storeLanes: number;
  /**
   * STORE_BATCH_INTERVAL_MS: the least time between two chat transactions of one lane (0–100 ms,
   * default 0: the next one starts as soon as the last one is done). A transaction costs the database
   * and the app about the same whatever its size, so at a moderate load a short wait stores more
   * messages per transaction for far less CPU, at the price of that wait; a message sent after a quiet
   * spell never waits. At the highest loads batches are large anyway and the wait only adds latency.
   */
  storeBatchIntervalMs: number;
  webDir: string;
  /** Express 'trust proxy' setting, so rate limits see the client's address behind a balancer. */
  trustProxy: string | null;
  /** LOG_LEVEL: the least severe level written (info logs one line per HTTP request). */
  logLevel: LogLevel;
  /** LOG_FORMAT: json (one object a line, the production default) or pretty (the development default). */
  logFormat: 'json' | 'pretty';
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive number (got "${raw}")`);
  }
  return value;
}

function origin(name: string, raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.origin;
  } catch {
    throw new ConfigError(`${name} must be an http(s) origin such as https://care.example.com (got "${raw}")`);
  }
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function database(env: Env, dataDir: string): DatabaseConfig {
  const raw = env.DATABASE_URL;
  if (!raw) return { type: 'better-sqlite3', path: join(dataDir, 'registry.sqlite') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL must be a URL such as mysql://user:password@host:3306/registry');
  }
  if (url.protocol === 'mysql:') return { type: 'mysql', url: raw };
  // TypeORM's mariadb driver uses INSERT … RETURNING, about twice as fast on MariaDB.
  if (url.protocol === 'mariadb:') return { type: 'mariadb', url: raw.replace(/^mariadb:/, 'mysql:') };
  throw new ConfigError('DATABASE_URL must start with mysql:// or mariadb://');
}

/** In development the JWT secret is kept in DATA_DIR so that restarts keep sessions. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads and validates the environment once; throws a ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });

  const db = database(env, dataDir);
  if (production && db.type === 'better-sqlite3') {
    throw new ConfigError('DATABASE_URL is required when NODE_ENV=production (the embedded SQLite file is for development)');
  }

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  if (!jwtSecret) {
    if (production) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = developmentSecret(dataDir);
  }

  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  if (production && !smtpUrl) throw new ConfigError('SMTP_URL is required when NODE_ENV=production');

  const adminEmail = env.ADMIN_EMAIL || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }

  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');

  return {
    production,
    port: int(env, 'PORT', 3000, 0, 65535),
    dataDir,
    database: db,
    redisUrl,
    redisPrefix: env.REDIS_PREFIX || 'ccr',
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Customer Care Registry <no-reply@localhost>',
    jwtSecret,
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 12 * 3600, 5, 30 * 24 * 3600),
    sessionMaxAgeSeconds: int(env, 'SESSION_MAX_AGE_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    bcryptCost: int(env, 'BCRYPT_COST', 12, 4, 15),
    adminEmail: adminEmail?.toLowerCase() ?? null,
    adminPassword,
    publicOrigin: env.PUBLIC_ORIGIN ? origin('PUBLIC_ORIGIN', env.PUBLIC_ORIGIN) : null,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((o) => origin('ALLOWED_ORIGINS', o)),
    rateLimitScale: positive(env, 'RATE_LIMIT_SCALE', 1),
    storeTransactions: int(env, 'STORE_TRANSACTIONS', 1, 1, 4),
    storeLanes: int(env, 'STORE_LANES', 2, 1, 4),
    storeBatchIntervalMs: int(env, 'STORE_BATCH_INTERVAL_MS', 0, 0, 100),
    trustProxy: env.TRUST_PROXY || null,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, production ? 'json' : 'pretty'),
    webDir: resolve(env.WEB_DIR || join(__dirname, '..', '..', '..', 'web', 'build')),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
