import { DataSource, DataSourceOptions } from 'typeorm';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import { ENTITIES } from './entities';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const db = config.database;
  if (db.type === 'better-sqlite3') {
    // Development only: the schema follows the entities; production runs on MySQL with migrations.
    return {
      type: 'better-sqlite3',
      database: db.path,
      entities: ENTITIES,
      synchronize: true,
      prepareDatabase: (sqlite: { pragma(s: string): unknown }) => {
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    type: db.type,
    url: db.url,
    entities: ENTITIES,
    migrations: [join(__dirname, 'migrations', '*.{js,ts}')],
    migrationsRun: true,
    migrationsTableName: 'migrations',
    synchronize: false,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    extra: { connectionLimit: 20, enableKeepAlive: true, connectTimeout: 5000 },
  };
}

export const createDataSource = (config: AppConfig) => new DataSource(dataSourceOptions(config));
