/**
 * Chat: the registry on MySQL beside the bare relay, the same 50 chats (10 customers, 5 agents),
 * the same client workers and the same stepped rates. One step at a time, so they never share the
 * CPU with each other, taking turns step by step, so that a machine that speeds up or slows down
 * within minutes does so for both.
 */
import { createDatabase } from '../lib/db.mjs';
import { registryDeployment, startRegistry, startRelay } from '../lib/servers.mjs';
import { registryChats, relayChats, startChatWorkers, stepTargets, stepHeader, P99_LIMIT_MS } from '../lib/chat-load.mjs';

export async function chatScenario(opts, log) {
  const { rates, durationMs, drainMs, refineSteps, everyRate, workers: nWorkers, targets = ['relay', 'registry'] } = opts;
  const result = { rates, stepSeconds: durationMs / 1000, workers: nWorkers, chats: 50, customers: 10, agents: 5, p99LimitMs: P99_LIMIT_MS, targets: {} };
  const side = targets.length > 1 ? '; the targets take turns, one step each, so that both meet the machine as it is at the same minutes' : '';
  log(`chat: 50 chats (10 customers, 5 agents), ${nWorkers} client worker processes per target, steps of ${durationMs / 1000} s at ${rates.join(', ')} msg/s${side}`);

  const common = { rates, durationMs, drainMs, refineSteps, everyRate, log };
  const stepped = []; // target specs, named by label
  const closers = [];
  let registry = null;
  let db = null;
  try {
    if (targets.includes('relay')) {
      const relay = await startRelay();
      closers.push(() => relay.stop());
      const workers = await startChatWorkers(relayChats({ url: relay.url }), nWorkers, 'relay');
      closers.push(() => Promise.all(workers.map((w) => w.close())));
      stepped.push({ label: 'relay', servers: [relay], workers, ...common });
    }
    if (targets.includes('registry')) {
      db = await createDatabase('chat');
      const deployment = registryDeployment(db);
      registry = await startRegistry(deployment, { name: 'registry' });
      closers.push(() => registry.stop());
      const layout = await registryChats({ url: registry.url, admin: deployment.admin });
      const workers = await startChatWorkers(layout, nWorkers, 'registry');
      closers.push(() => Promise.all(workers.map((w) => w.close())));
      stepped.push({ label: 'registry', servers: [registry], workers, useDb: true, ...common });
    }
    log(stepHeader());
    const outcomes = await stepTargets(stepped);
    stepped.forEach((spec, i) => {
      result.targets[spec.label] = { ...outcomes[i], peakRssMb: Math.round(spec.servers[0].peakRssKb() / 102.4) / 10 };
    });
    if (result.targets.registry) {
      // Every acknowledged message must be in MySQL (late ones from a failed step may add more).
      const acked = result.targets.registry.steps.reduce((n, st) => n + st.acked, 0);
      const stored = await countMessages(db.name);
      result.targets.registry.storage = { acked, stored, everyAckedStored: stored >= acked };
      log(`${' '.repeat(13)}MySQL holds ${stored} messages for ${acked} acknowledged sends${stored >= acked ? '' : ' — ACKNOWLEDGED MESSAGES ARE MISSING'}`);
    }
  } catch (e) {
    if (registry) e.message += `\n--- registry log ---\n${registry.logTail(20)}`;
    throw e;
  } finally {
    for (const close of closers.reverse()) await close();
    await db?.drop();
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
