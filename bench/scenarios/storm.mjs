/**
 * Reconnect storm: N clients (5 sockets per customer, each joined to the customer's ticket, which
 * already holds 2 messages) are connected when the registry process is stopped (SIGTERM). While it
 * is down, one more message per ticket is stored directly in the database (what the clients miss).
 * The same deployment starts again on the same port; we measure until every client has reconnected,
 * rejoined with afterSeq = the last seq it held and received exactly the missing message.
 */
import { randomUUID } from 'node:crypto';
import { Api, mapLimit } from '../lib/api.mjs';
import { connect, createDatabase } from '../lib/db.mjs';
import { registryDeployment, startRegistry, sleep } from '../lib/servers.mjs';
import { forkWorker, split } from '../lib/workers.mjs';
import { CpuMeter, cpuSeconds, databasePids } from '../lib/proc.mjs';
import { Hist } from '../lib/hist.mjs';
import { registerMany } from './idle.mjs';

const SOCKETS_PER_CUSTOMER = 5;

export async function stormScenario({ clients: n, workers: nWorkers, deadlineMs }, log) {
  const db = await createDatabase('storm');
  const deployment = registryDeployment(db);
  let registry = await startRegistry(deployment, { name: 'registry-storm' });
  const workers = [];
  try {
    const nCustomers = Math.ceil(n / SOCKETS_PER_CUSTOMER);
    log(`storm: ${n} clients = ${nCustomers} customers × ${SOCKETS_PER_CUSTOMER} sockets, each joined to its customer's ticket`);
    const customers = await registerMany(registry.url, nCustomers, log);
    const api = new Api(registry.url);
    const t0 = Date.now();
    const tickets = await mapLimit(customers, 8, async (c, i) => {
      const t = await api.raiseTicket(c.token, i);
      for (let k = 1; k <= 2; k++) await api.postMessage(c.token, t.id, randomUUID(), `Before the storm, message ${k}`);
      return t.id;
    });
    log(`  raised ${tickets.length} tickets with 2 messages each in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const specs = [];
    for (let i = 0; i < n; i++) {
      const c = i % nCustomers;
      specs.push({ token: customers[c].token, ticketId: tickets[c] });
    }
    const groups = split(specs, nWorkers);
    for (let w = 0; w < nWorkers; w++) workers.push(forkWorker('storm-worker.mjs', `storm-client-${w}`));
    const t1 = Date.now();
    const setups = await Promise.all(workers.map((w, i) => w.request('setup', { url: registry.url, clients: groups[i], concurrency: 25 }, 600_000)));
    const joined = setups.reduce((s, r) => s + r.joined, 0);
    const wrongStart = setups.flatMap((r) => r.lastSeqs).filter((s) => s !== 2).length;
    log(`  ${joined}/${n} clients connected and joined in ${((Date.now() - t1) / 1000).toFixed(1)} s${wrongStart ? ` (${wrongStart} did not get the 2 stored messages)` : ''}`);
    if (joined < n) throw new Error(`only ${joined}/${n} clients joined before the storm: ${JSON.stringify(setups.map((s) => s.errors))}`);

    // Stop the process. Clients see their connection drop and start retrying.
    const { port, dataDir } = registry;
    const tKill = Date.now();
    await registry.stop(15_000);
    const tDown = Date.now();
    log(`  registry stopped (SIGTERM) in ${((tDown - tKill) / 1000).toFixed(1)} s`);

    // What the clients miss while it is down: one more message per ticket, stored directly.
    const expected = await storeMissedMessages(db.name, tickets);
    await Promise.all(workers.map((w) => w.request('expect', { expected })));

    // Start the same deployment again on the same port. The clients find it as soon as it listens,
    // before its health check answers, so the clock runs from the spawn and from the first reconnect.
    const meter = new CpuMeter({ db: databasePids, clients: () => workers.map((w) => w.pid) }).start();
    const tSpawn = Date.now();
    let tHealthy = null;
    const starting = startRegistry(deployment, { name: 'registry-storm', port, dataDir }).then((h) => {
      tHealthy = Date.now();
      registry = h;
      return h;
    });
    registry = null;
    starting.catch(() => undefined);

    let status = null;
    const timeline = []; // about one sample a second: [seconds after spawn, reconnected, resynced]
    const deadline = tSpawn + deadlineMs;
    while (Date.now() < deadline) {
      const parts = await Promise.all(workers.map((w) => w.request('status')));
      status = combine(parts);
      const at = Math.round((Date.now() - tSpawn) / 100) / 10;
      if (!timeline.length || at - timeline.at(-1)[0] >= 1) timeline.push([at, status.reconnected, status.resynced]);
      if (status.resynced >= n) break;
      await sleep(250);
    }
    timeline.push([Math.round((Date.now() - tSpawn) / 100) / 10, status.reconnected, status.resynced]);
    const tEnd = Date.now();
    const cpu = meter.stop();
    await starting; // throws if it never became healthy
    cpu.serverCpuPct = Math.round(((cpuSeconds(registry.pid) ?? 0) / ((tEnd - tSpawn) / 1000)) * 1000) / 10; // since spawn, boot included
    cpu.otherCpuPct = Math.max(0, Math.round((cpu.otherCpuPct - cpu.serverCpuPct) * 10) / 10); // the meter could not name the new process

    const firstReconnect = status.reconnectTimes.length ? Math.min(...status.reconnectTimes) : null;
    const lastResync = status.resyncTimes.length ? Math.max(...status.resyncTimes) : null;
    const fromFirst = new Hist();
    for (const t of status.resyncTimes) fromFirst.record(Math.max(0, t - firstReconnect));
    const sec = (ms) => (ms === null || Number.isNaN(ms) ? null : Math.round(ms / 100) / 10);
    const result = {
      clients: n,
      customers: nCustomers,
      socketsPerCustomer: SOCKETS_PER_CUSTOMER,
      clientReconnection: 'socket.io-client defaults (delay 1 s doubling to 5 s, ±50 % jitter), websocket only, join ack timeout 10 s, 3 join attempts — as the web app',
      stopSeconds: sec(tDown - tKill),
      listeningAfterSpawnSeconds: firstReconnect ? sec(firstReconnect - tSpawn) : null,
      healthyAfterSpawnSeconds: tHealthy ? sec(tHealthy - tSpawn) : null,
      reconnected: status.reconnected,
      resynced: status.resynced,
      failed: n - status.resynced,
      repeats: status.repeats,
      gaps: status.gaps,
      joinErrors: status.joinErrors,
      connectErrors: status.connectErrors,
      /** The storm itself: from the first client back in until the last one resynced. */
      stormSeconds: lastResync && firstReconnect ? sec(lastResync - firstReconnect) : null,
      secondsFromSpawn: lastResync ? sec(lastResync - tSpawn) : null,
      secondsFromKill: lastResync ? sec(lastResync - tKill) : null,
      resyncAfterFirstReconnectMs: fromFirst.summary(),
      cpu,
      timeline,
    };
    if (result.failed) result.serverLogTail = registry.logTail(15);
    result.targetMet = result.failed === 0 && result.gaps === 0 && result.repeats === 0 && result.stormSeconds !== null && result.stormSeconds <= 10;
    log(
      `  timeline (s after spawn: reconnected/resynced): ${timeline.map(([t, a, b]) => `${t}s ${a}/${b}`).join(', ')}\n` +
        `  new process listening ${result.listeningAfterSpawnSeconds} s after spawn (health check answered after ${result.healthyAfterSpawnSeconds} s)\n` +
        `  resynced ${result.resynced}/${n} (${result.failed} failed, ${result.gaps} gaps, ${result.repeats} repeats, join errors ${JSON.stringify(result.joinErrors)}, connect errors ${result.connectErrors}): ` +
        `all done ${result.stormSeconds} s after the first client was back (${result.secondsFromSpawn} s after spawn, ${result.secondsFromKill} s after the stop); ` +
        `per client p50 ${result.resyncAfterFirstReconnectMs.p50} ms, p99 ${result.resyncAfterFirstReconnectMs.p99} ms; ` +
        `CPU server ${Math.round(cpu.serverCpuPct)}%, db ${Math.round(cpu.dbCpuPct)}%, clients ${Math.round(cpu.clientsCpuPct)}%, other ${Math.round(cpu.otherCpuPct)}%`,
    );
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await registry?.stop();
    await db.drop();
  }
}

function combine(parts) {
  const out = { clients: 0, disconnected: 0, reconnected: 0, resynced: 0, connected: 0, repeats: 0, gaps: 0, connectErrors: 0, joinErrors: {}, resyncTimes: [], reconnectTimes: [] };
  for (const p of parts) {
    for (const k of ['clients', 'disconnected', 'reconnected', 'resynced', 'connected', 'repeats', 'gaps', 'connectErrors']) out[k] += p[k];
    for (const [k, v] of Object.entries(p.joinErrors)) out.joinErrors[k] = (out.joinErrors[k] ?? 0) + v;
    out.resyncTimes.push(...p.resyncTimes);
    out.reconnectTimes.push(...p.reconnectTimes);
  }
  return out;
}

/** One message per ticket with seq = last_seq + 1, as the registry would have stored it. Returns ticketId → expected last seq. */
async function storeMissedMessages(dbName, ticketIds) {
  const conn = await connect(dbName);
  try {
    const [rows] = await conn.query('SELECT id, customer_id, last_seq FROM tickets WHERE id IN (?)', [ticketIds]);
    const now = new Date();
    const values = rows.map((t) => [randomUUID(), t.id, t.last_seq + 1, randomUUID(), t.customer_id, 'Sent while the server was down', now]);
    await conn.beginTransaction();
    await conn.query('INSERT INTO messages (id, ticket_id, seq, client_id, sender_id, body, created_at) VALUES ?', [values]);
    await conn.query('UPDATE tickets SET last_seq = last_seq + 1, last_message_at = ? WHERE id IN (?)', [now, ticketIds]);
    await conn.commit();
    return Object.fromEntries(rows.map((t) => [t.id, t.last_seq + 1]));
  } finally {
    await conn.end();
  }
}
