/**
 * Chat: the registry on MySQL beside the bare relay, the same 50 chats (10 customers, 5 agents),
 * the same client workers and the same stepped rates. One target at a time, so they never share
 * the CPU with each other; the relay first.
 */
import { createDatabase } from '../lib/db.mjs';
import { registryDeployment, startRegistry, startRelay } from '../lib/servers.mjs';
import { registryChats, relayChats, startChatWorkers, stepTarget, stepHeader, P99_LIMIT_MS } from '../lib/chat-load.mjs';

export async function chatScenario(opts, log) {
  const { rates, durationMs, drainMs, refineSteps, everyRate, workers: nWorkers, targets = ['relay', 'registry'] } = opts;
  const result = { rates, stepSeconds: durationMs / 1000, workers: nWorkers, chats: 50, customers: 10, agents: 5, p99LimitMs: P99_LIMIT_MS, targets: {} };
  log(`chat: 50 chats (10 customers, 5 agents), ${nWorkers} client worker processes, steps of ${durationMs / 1000} s at ${rates.join(', ')} msg/s`);
  log(stepHeader());

  if (targets.includes('relay')) {
    const relay = await startRelay();
    let workers = [];
    try {
      workers = await startChatWorkers(relayChats({ url: relay.url }), nWorkers, 'relay');
      result.targets.relay = await stepTarget({ label: 'relay', servers: [relay], workers, rates, durationMs, drainMs, refineSteps, everyRate, log });
      result.targets.relay.peakRssMb = Math.round(relay.peakRssKb() / 102.4) / 10;
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await relay.stop();
    }
  }

  if (targets.includes('registry')) {
    const db = await createDatabase('chat');
    const deployment = registryDeployment(db);
    const registry = await startRegistry(deployment, { name: 'registry' });
    let workers = [];
    try {
      const layout = await registryChats({ url: registry.url, admin: deployment.admin });
      workers = await startChatWorkers(layout, nWorkers, 'registry');
      result.targets.registry = await stepTarget({ label: 'registry', servers: [registry], workers, rates, durationMs, drainMs, refineSteps, everyRate, useDb: true, log });
      result.targets.registry.peakRssMb = Math.round(registry.peakRssKb() / 102.4) / 10;
      // Every acknowledged message must be in MySQL (late ones from a failed step may add more).
      const acked = result.targets.registry.steps.reduce((n, st) => n + st.acked, 0);
      const stored = await countMessages(db.name);
      result.targets.registry.storage = { acked, stored, everyAckedStored: stored >= acked };
      log(`${' '.repeat(13)}MySQL holds ${stored} messages for ${acked} acknowledged sends${stored >= acked ? '' : ' — ACKNOWLEDGED MESSAGES ARE MISSING'}`);
    } catch (e) {
      e.message += `\n--- registry log ---\n${registry.logTail(20)}`;
      throw e;
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await registry.stop();
      await db.drop();
    }
  }

  const relayMax = result.targets.relay?.maxHeld;
  const regMax = result.targets.registry?.maxHeld;
  if (relayMax !== undefined && regMax !== undefined) {
    result.ratio = relayMax ? Math.round((regMax / relayMax) * 1000) / 1000 : null;
    result.targetsMet = {
      'registry >= 0.5 x relay': result.ratio !== null && result.ratio >= 0.5,
      'registry >= 2000 msg/s at p99 <= 50 ms': regMax >= 2000,
    };
  }
  return result;
}

async function countMessages(dbName) {
  const { connect } = await import('../lib/db.mjs');
  const conn = await connect(dbName);
  try {
    const [rows] = await conn.query('SELECT COUNT(*) AS n FROM messages');
    return Number(rows[0].n);
  } finally {
    await conn.end();
  }
}
