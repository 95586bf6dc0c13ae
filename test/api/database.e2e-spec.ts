import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../server/src/config/config';
import { createApp } from '../../server/src/app.factory';
import { createDataSource } from '../../server/src/database/data-source';
import { createTestDatabase } from '../helpers/app';
import { Api } from '../helpers/api';

describe('the database', () => {
  it('committed migrations build exactly the schema the entities describe (MySQL)', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'ccr-'));
    const dataSource = createDataSource(loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir }));
    try {
      await dataSource.initialize(); // runs the migrations
      expect(await dataSource.showMigrations()).toBe(false);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // The hot table: a stored message writes its row (kept in (ticket, seq) order, as it is read) and
      // the resend key, nothing more (an extra index there cost ≈ 15 % of the database's CPU per batch).
      const keys = (await dataSource.query(
        `SELECT INDEX_NAME AS name, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'messages' GROUP BY INDEX_NAME ORDER BY INDEX_NAME`,
      )) as { name: string; columns: string }[];
      expect(keys).toEqual([
        { name: 'PRIMARY', columns: 'ticket_id,seq' },
        { name: 'uq_messages_ticket_sender_client', columns: 'ticket_id,sender_id,client_id' },
      ]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs on the embedded SQLite file when DATABASE_URL is not set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ccr-sqlite-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      BCRYPT_COST: '4',
      ADMIN_EMAIL: 'admin@example.test',
      ADMIN_PASSWORD: 'admin-password-1',
    });
    const app = await createApp(config, { logger: ['error'] });
    try {
      await app.listen(0, '127.0.0.1');
      const api = new Api(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
      await api.get('/health').expect(200, { status: 'ok', db: 'up', realtime: 'up' });
      const admin = await api.login('admin@example.test', 'admin-password-1');
      const customer = await api.registerCustomer();
      const ticket = await api.raiseTicket(customer.token);
      const agent = await api.createAgent(admin.token);
      await api.assign(admin.token, ticket.id, agent.user.id);
      await api.post(`/tickets/${ticket.id}/messages`, { clientId: 'c1', body: 'hello' }, customer.token).expect(201);
      const history = await api.get(`/tickets/${ticket.id}/messages`, agent.token).expect(200);
      expect(history.body.items).toMatchObject([{ seq: 1, body: 'hello' }]);
      // The dashboard's day series group by date in SQL: the same answer on SQLite as on MySQL.
      const stats = await api.get('/stats', admin.token).expect(200);
      expect(stats.body.ticketsPerDay.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), created: 1, closed: 0 });
      const events = await api.get(`/tickets/${ticket.id}/events`, admin.token).expect(200);
      expect(events.body.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'ASSIGNED']);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
