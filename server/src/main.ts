import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app.factory';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  // A drain that hangs must not keep the process alive: exit within 10 seconds of SIGTERM whatever happens.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), 10_000).unref());
  }
  const app = await createApp(config);
  await app.listen(config.port);
  const where = config.database.type === 'better-sqlite3' ? `embedded database ${config.database.path}` : config.database.type;
  new Logger('Main').log(`Customer Care Registry on http://localhost:${config.port} (${where})`);
}

void main();
