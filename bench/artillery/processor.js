/**
 * Artillery processor for bench/artillery/chat.yml, and the script that prepares its chats.
 *
 * 1. Prepare (once per test, needs an admin account of the deployment under test):
 *      node bench/artillery/processor.js prepare --target https://care.example.com \
 *        --admin-email admin@example.com --admin-password '…' [--chats 50] [--agents 5] \
 *        > bench/artillery/chats.csv
 *    It creates agents and customers through the public API, raises one ticket per chat,
 *    assigns it, and prints CSV rows `token,ticketId,role`: one row for the customer's side and
 *    one for the agent's side of every chat. Tokens are the real access tokens (JWT).
 *    Rate limits apply (registration is limited per IP): prepare from a host the
 *    deployment's RATE_LIMIT_SCALE allows, or keep --chats small.
 *
 * 2. Artillery reads the CSV (config.payload), connects each virtual user with its token in the
 *    Socket.IO handshake (`auth: {token}`), and calls `newClientId` below before each send.
 *
 * Plain CommonJS, Node ≥ 18 (global fetch), no dependencies.
 */
'use strict';

const { randomUUID, randomBytes } = require('node:crypto');

/** Artillery function step: a fresh clientId (the registry de-duplicates resends by it). */
function newClientId(context, events, done) {
  context.vars.clientId = randomUUID();
  return done();
}

/**
 * Artillery function step: waits `PACE_MS` (environment, default 500 ms) between sends. The
 * socketio engine skips `think` inside a `loop`, so the pause is done here.
 */
function pace(context, events, done) {
  setTimeout(done, Number(process.env.PACE_MS ?? 500));
}

module.exports = { newClientId, pace };

// ---------------------------------------------------------------------------------------------
// `node processor.js prepare …`

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function call(target, method, path, body, token) {
  const res = await fetch(`${target}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function prepare() {
  const target = String(arg('target', '')).replace(/\/$/, '');
  const adminEmail = arg('admin-email');
  const adminPassword = arg('admin-password');
  const chats = Number(arg('chats', 50));
  const agents = Number(arg('agents', 5));
  const ticketsPerCustomer = Number(arg('tickets-per-customer', 5));
  if (!target || !adminEmail || !adminPassword) {
    console.error('usage: node processor.js prepare --target URL --admin-email E --admin-password P [--chats 50] [--agents 5] [--tickets-per-customer 5]');
    process.exit(2);
  }
  const tag = randomBytes(3).toString('hex');
  const admin = await call(target, 'POST', '/auth/login', { email: adminEmail, password: adminPassword });
  const agentSessions = [];
  for (let i = 0; i < agents; i++) {
    const email = `artillery-a${i}-${tag}@example.test`;
    const password = `Agent-${randomBytes(8).toString('hex')}`;
    await call(target, 'POST', '/agents', { firstName: `Load${i}`, lastName: 'Agent', email, password, expertise: [], maxConcurrent: 50 }, admin.accessToken);
    agentSessions.push(await call(target, 'POST', '/auth/login', { email, password }));
  }
  const rows = ['token,ticketId,role'];
  let customer = null;
  for (let c = 0; c < chats; c++) {
    if (c % ticketsPerCustomer === 0) {
      const email = `artillery-c${c}-${tag}@example.test`;
      const password = `Cust-${randomBytes(8).toString('hex')}`;
      customer = await call(target, 'POST', '/auth/register', { firstName: `Load${c}`, lastName: 'Customer', email, password, confirmPassword: password });
    }
    const categories = (await call(target, 'GET', '/categories')).items;
    const ticket = await call(
      target,
      'POST',
      '/tickets',
      { subject: `Load test chat ${c}`, category: categories[0], description: 'Raised by the Artillery load test.' },
      customer.accessToken,
    );
    const agent = agentSessions[c % agents];
    await call(target, 'POST', `/tickets/${ticket.id}/assign`, { agentId: agent.user.id }, admin.accessToken);
    rows.push(`${customer.accessToken},${ticket.id},CUSTOMER`);
    rows.push(`${agent.accessToken},${ticket.id},AGENT`);
  }
  process.stdout.write(rows.join('\n') + '\n');
  console.error(`prepared ${chats} chats (${agents} agents) on ${target}: ${rows.length - 1} virtual-user rows`);
}

if (require.main === module && process.argv[2] === 'prepare') {
  prepare().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
