import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app.factory';

/** The accept queue's length; Node's default is 511. */
const LISTEN_BACKLOG = 4096;

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
  // A reconnect storm brings thousands of connections at once: a deep accept queue (capped by net.core.somaxconn)
  // keeps their SYNs from being dropped and retried seconds later by the kernel. (Node passes it as `backlog`.)
  await app.listen(config.port, LISTEN_BACKLOG as never);
  const where = config.database.type === 'better-sqlite3' ? `embedded database ${config.database.path}` : config.database.type;
  new Logger('Main').log(`Customer Care Registry on http://localhost:${config.port} (${where})`);
}

void main();
