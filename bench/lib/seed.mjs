/**
 * Seeds a migrated registry database with a large history for the dashboard scenario, by fast
 * multi-row INSERTs straight into the tables (the schema of server/src/database/migrations).
 *
 * Shape: `customers` customers, `agents` agents; tickets numbered 1..N, created over 90 days,
 * oldest first: 90 % CLOSED (500 of them closed today), 8 % ASSIGNED, 2 % OPEN; every ticket
 * gets ⌊M/N⌋ (or one more) messages alternating customer / agent; two thirds of closed tickets
 * are rated; audit events CREATED / ASSIGNED / CLOSED. The ticket_number counter is set to N.
 */
import { randomBytes } from 'node:crypto';
import { connect } from './db.mjs';

// bcrypt (cost 4) of "bench-seeded-password": seeded accounts are real but nobody signs in with them.
const PASSWORD_HASH = '$2b$04$NbiOimzYX5l1lEumdZCAgexHHtVH50WhDVILxk3E1g89LRjgx1aKa';
const CATEGORIES = ['Electronics', 'Home & Kitchen', 'Fashion', 'Beauty & Health', 'Sports & Outdoors'];
const DAY = 86_400_000;

/** The columns the seeder fills, per table: a new NOT NULL column without a default stops it with a clear message. */
const COLUMNS = {
  users: ['id', 'role', 'first_name', 'last_name', 'email', 'password_hash', 'token_version', 'created_at'],
  agent_profiles: ['user_id', 'expertise', 'max_concurrent', 'active', 'open_tickets', 'last_assigned_at'],
  tickets: [
    'id', 'number', 'customer_id', 'agent_id', 'subject', 'category', 'description', 'status', 'created_at', 'updated_at',
    'assigned_at', 'closed_at', 'first_response_at', 'last_message_at', 'last_seq',
  ],
  messages: ['id', 'ticket_id', 'seq', 'client_id', 'sender_id', 'body', 'created_at'],
  ratings: ['ticket_id', 'score', 'comment', 'created_at'],
  ticket_events: ['id', 'ticket_id', 'actor_id', 'type', 'data', 'created_at'],
};

/** Time-ordered UUID-shaped ids (version 4 layout) so InnoDB appends instead of splitting pages. */
function idMaker() {
  let n = 0;
  const salt = randomBytes(6).toString('hex');
  return () => {
    const h = (n++).toString(16).padStart(12, '0');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${salt.slice(0, 3)}-8${salt.slice(3, 6)}-${randomBytes(6).toString('hex')}`;
  };
}

async function checkSchema(conn, dbName) {
  const [rows] = await conn.query(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = ? AND is_nullable = 'NO' AND column_default IS NULL AND extra NOT LIKE '%auto_increment%'`,
    [dbName],
  );
  const missing = rows.filter((r) => COLUMNS[r.t] && !COLUMNS[r.t].includes(r.c)).map((r) => `${r.t}.${r.c}`);
  if (missing.length) throw new Error(`the schema gained required columns the seeder does not fill: ${missing.join(', ')} (update bench/lib/seed.mjs)`);
}

async function insertBatches(conn, table, rowsIter, batch = 2000) {
  const cols = COLUMNS[table].map((c) => `\`${c}\``).join(', ');
  let buf = [];
  let n = 0;
  const flush = async () => {
    if (!buf.length) return;
    await conn.query(`INSERT INTO \`${table}\` (${cols}) VALUES ?`, [buf]);
    n += buf.length;
    buf = [];
  };
  for (const row of rowsIter) {
    buf.push(row);
    if (buf.length >= batch) await flush();
  }
  await flush();
  return n;
}

export async function seedHistory(dbName, { tickets: N, messages: M, customers: C = Math.max(100, Math.round(N / 10)), agents: A = 50 }, log) {
  const [a, b] = [await connect(dbName), await connect(dbName)];
  const t0 = Date.now();
  try {
    await checkSchema(a, dbName);
    for (const c of [a, b]) await c.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    const now = Date.now();
    const start = now - 90 * DAY;
    const nextId = idMaker();

    const customers = Array.from({ length: C }, () => nextId());
    const agents = Array.from({ length: A }, () => nextId());
    const users = function* () {
      for (const [i, id] of customers.entries()) yield [id, 'CUSTOMER', `Seed${i}`, 'Customer', `seed-c${i}-${id.slice(-6)}@bench.test`, PASSWORD_HASH, 0, new Date(start)];
      for (const [i, id] of agents.entries()) yield [id, 'AGENT', `SeedAgent${i}`, 'Agent', `seed-a${i}-${id.slice(-6)}@bench.test`, PASSWORD_HASH, 0, new Date(start)];
    };

    // The tickets, computed once: both connections need them.
    const closedUntil = Math.floor(N * 0.9);
    const assignedUntil = Math.floor(N * 0.98);
    const perTicket = Math.floor(M / N);
    const extra = M - perTicket * N;
    const tickets = new Array(N);
    const openLoad = new Map();
    for (let i = 0; i < N; i++) {
      const created = start + Math.floor((i / N) * 90 * DAY);
      const status = i < closedUntil ? 'CLOSED' : i < assignedUntil ? 'ASSIGNED' : 'OPEN';
      const agentId = status === 'OPEN' ? null : agents[i % A];
      const assignedAt = agentId ? created + 5 * 60_000 : null;
      const firstResponseAt = agentId ? created + 8 * 60_000 + (i % 20) * 60_000 : null;
      let closedAt = null;
      if (status === 'CLOSED') closedAt = i >= closedUntil - 500 ? now - (closedUntil - i) * 20_000 : Math.min(created + 3_600_000 + (i % 48) * 3_600_000, now - DAY);
      const k = perTicket + (i < extra ? 1 : 0);
      if (status === 'ASSIGNED') openLoad.set(agentId, (openLoad.get(agentId) ?? 0) + 1);
      tickets[i] = { id: nextId(), number: i + 1, customerId: customers[i % C], agentId, status, created, assignedAt, firstResponseAt, closedAt, k };
    }
    const d = (ms) => (ms === null ? null : new Date(ms));

    const ticketRows = function* () {
      for (const t of tickets) {
        const category = CATEGORIES[t.number % CATEGORIES.length];
        const lastMessageAt = t.k ? t.created + t.k * 60_000 : null;
        const updated = t.closedAt ?? t.assignedAt ?? t.created;
        yield [
          t.id, t.number, t.customerId, t.agentId, `Seeded question ${t.number} about ${category.toLowerCase()}`, category,
          'A seeded ticket: the customer asks whether the product fits their needs and how to return it if not.',
          t.status, d(t.created), d(updated), d(t.assignedAt), d(t.closedAt), d(t.firstResponseAt), d(lastMessageAt), t.k,
        ];
      }
    };
    const messageRows = function* () {
      const msgId = idMaker();
      for (const t of tickets) {
        for (let seq = 1; seq <= t.k; seq++) {
          const fromAgent = t.agentId && seq % 2 === 0;
          yield [
            msgId(), t.id, seq, `seed-${seq}`, fromAgent ? t.agentId : t.customerId,
            fromAgent ? `Thanks for asking about ticket ${t.number}: here is what I found (${seq}).` : `Customer message ${seq} on ticket ${t.number}: does it work?`,
            d(t.created + seq * 60_000),
          ];
        }
      }
    };
    const ratingRows = function* () {
      for (const t of tickets) if (t.status === 'CLOSED' && t.number % 3 !== 0) yield [t.id, 1 + (t.number % 5), t.number % 2 ? 'Seeded rating' : null, d(t.closedAt + 60_000)];
    };
    const eventRows = function* () {
      const evId = idMaker();
      for (const t of tickets) {
        yield [evId(), t.id, t.customerId, 'CREATED', JSON.stringify({ category: CATEGORIES[t.number % CATEGORIES.length] }), d(t.created)];
        if (t.agentId) yield [evId(), t.id, null, 'ASSIGNED', JSON.stringify({ agentId: t.agentId }), d(t.assignedAt)];
        if (t.closedAt) yield [evId(), t.id, t.customerId, 'CLOSED', '{}', d(t.closedAt)];
      }
    };
    const profileRows = function* () {
      for (const id of agents) yield [id, '[]', 50, 1, openLoad.get(id) ?? 0, d(now - DAY)];
    };

    const [counts, nMessages] = await Promise.all([
      (async () => {
        const out = {};
        out.users = await insertBatches(a, 'users', users());
        out.agent_profiles = await insertBatches(a, 'agent_profiles', profileRows());
        out.tickets = await insertBatches(a, 'tickets', ticketRows());
        out.ratings = await insertBatches(a, 'ratings', ratingRows());
        out.ticket_events = await insertBatches(a, 'ticket_events', eventRows());
        return out;
      })(),
      insertBatches(b, 'messages', messageRows(), 4000),
    ]);
    counts.messages = nMessages;
    await a.query(`INSERT INTO app_values (name, json, counter) VALUES ('ticket_number', NULL, ?) ON DUPLICATE KEY UPDATE counter = ?`, [N, N]);
    await a.query('ANALYZE TABLE tickets, messages, ratings, ticket_events, users');
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    log(`  seeded ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')} in ${seconds} s`);
    return { counts, seconds, statuses: { CLOSED: closedUntil, ASSIGNED: assignedUntil - closedUntil, OPEN: N - assignedUntil } };
  } finally {
    await a.end();
    await b.end();
  }
}
