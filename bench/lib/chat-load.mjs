/**
 * The chat load shared by the chat and multinode scenarios: the same chats, the same workers,
 * the same stepped open-loop rates, whatever the target (registry, two registries, relay).
 */
import { randomUUID } from 'node:crypto';
import { Api, mapLimit } from './api.mjs';
import { Hist } from './hist.mjs';
import { CpuMeter, databasePids, redisPids, waitIdle as quiesce, waitQuietMachine } from './proc.mjs';
import { forkWorker, split } from './workers.mjs';
import { startStallProbe, STALL_MS, DISK_STALL_MS } from './stall-probe.mjs';

export const P99_LIMIT_MS = 50;

/**
 * 50 live chats through the public API: `agents` agents, `customers` customers, each customer
 * raises `customers*ticketsPerCustomer/…` tickets; every ticket is assigned to its pod's agent.
 * A pod is one agent with its customers, so both ends of every chat can live in one worker.
 */
export async function registryChats({ url, customerUrl = url, agentUrl = url, admin, customers = 10, agents = 5, ticketsPerCustomer = 5 }) {
  const api = new Api(url);
  const { accessToken: adminToken } = await api.login(admin.email, admin.password);
  const agentSessions = await mapLimit([...Array(agents).keys()], 5, (i) => api.createAgent(adminToken, i));
  const customerSessions = await mapLimit([...Array(customers).keys()], 5, (i) => api.registerCustomer(i));
  const perPod = Math.ceil(customers / agents);
  const pods = agentSessions.map((a, p) => ({
    agent: { key: `a${p}`, url: agentUrl, auth: { token: a.token }, tickets: [] },
    customers: [],
  }));
  const chats = [];
  await mapLimit(customerSessions, 5, async (c, ci) => {
    const pod = pods[Math.min(agents - 1, Math.floor(ci / perPod))];
    const sock = { key: `c${ci}`, url: customerUrl, auth: { token: c.token }, tickets: [] };
    pod.customers.push(sock);
    for (let k = 0; k < ticketsPerCustomer; k++) {
      const t = await api.raiseTicket(c.token, ci * ticketsPerCustomer + k);
      await api.assign(adminToken, t.id, agentSessions[pods.indexOf(pod)].user.id);
      sock.tickets.push(t.id);
      pod.agent.tickets.push(t.id);
      chats.push({ pod: pods.indexOf(pod), ticketId: t.id, a: sock.key, b: pod.agent.key });
    }
  });
  return { pods, chats, adminToken };
}

/** The relay gets the same shape: the same pods, sockets and rooms, with made-up ids. */
export function relayChats({ url, customers = 10, agents = 5, ticketsPerCustomer = 5 }) {
  const perPod = Math.ceil(customers / agents);
  const pods = [...Array(agents).keys()].map((p) => ({
    agent: { key: `a${p}`, url, auth: { userId: randomUUID(), role: 'AGENT', firstName: `Agent${p}` }, tickets: [] },
    customers: [],
  }));
  const chats = [];
  for (let ci = 0; ci < customers; ci++) {
    const p = Math.min(agents - 1, Math.floor(ci / perPod));
    const sock = { key: `c${ci}`, url, auth: { userId: randomUUID(), role: 'CUSTOMER', firstName: `Cust${ci}` }, tickets: [] };
    pods[p].customers.push(sock);
    for (let k = 0; k < ticketsPerCustomer; k++) {
      const ticketId = randomUUID();
      sock.tickets.push(ticketId);
      pods[p].agent.tickets.push(ticketId);
      chats.push({ pod: p, ticketId, a: sock.key, b: pods[p].agent.key });
    }
  }
  return { pods, chats };
}

/** Forks `n` chat workers and gives each whole pods. */
export async function startChatWorkers(layout, n, label) {
  const groups = split(
    layout.pods.map((_, i) => i),
    Math.min(n, layout.pods.length),
  );
  const workers = [];
  try {
    for (const [w, podIdx] of groups.entries()) {
      const worker = forkWorker('chat-worker.mjs', `${label}-client-${w}`);
      workers.push(worker);
      const sockets = podIdx.flatMap((p) => [layout.pods[p].agent, ...layout.pods[p].customers]);
      const chats = layout.chats.filter((c) => podIdx.includes(c.pod));
      worker.share = chats.length / layout.chats.length;
      await worker.request('setup', { sockets, chats }, 120_000);
    }
  } catch (e) {
    await Promise.all(workers.map((w) => w.close()));
    throw e;
  }
  return workers;
}

function mergeResults(parts) {
  const sum = (k) => parts.reduce((s, p) => s + p[k], 0);
  const ackErrors = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.ackErrors)) ackErrors[k] = (ackErrors[k] ?? 0) + v;
  const hist = (k) => parts.reduce((h, p) => h.merge(p[k]), new Hist());
  return {
    sent: sum('sent'),
    acked: sum('acked'),
    ackErrors,
    ackMissing: sum('ackMissing'),
    delivered: sum('delivered'),
    echoed: sum('echoed'),
    duplicates: sum('duplicates'),
    misrouted: sum('misrouted'),
    stray: sum('stray'),
    disconnects: sum('disconnects'),
    sendSeconds: Math.max(...parts.map((p) => p.sendSeconds)),
    latency: hist('latency'),
    ackLatency: hist('ackLatency'),
    echoLatency: hist('echoLatency'),
    lag: hist('lag'),
    timeline: mergeTimelines(parts.map((p) => p.timeline)),
  };
}

/** The workers' timelines bucket by bucket: the longest send→receive of messages sent in each. */
function mergeTimelines(timelines) {
  const maxMs = [];
  for (const t of timelines) t.maxMs.forEach((v, i) => (maxMs[i] = Math.max(maxMs[i] ?? 0, v)));
  return { bucketMs: timelines[0]?.bucketMs, maxMs };
}

/** Where in the step the slow messages were sent: its first second (a step starts from idle) or later. */
function whenSlow({ bucketMs, maxMs }) {
  const firstSecond = Math.ceil(1000 / bucketMs);
  if (maxMs.length <= firstSecond) return '';
  const longest = (a) => Math.round(Math.max(0, ...a));
  return ` (longest in the first second ${longest(maxMs.slice(0, firstSecond))} ms, after it ${longest(maxMs.slice(firstSecond))} ms)`;
}

/** A step is held when every message was acked and delivered once, p99 ≤ 50 ms, and the generator kept its schedule. */
function evaluate(rate, m, cpu, servers) {
  const errors = Object.values(m.ackErrors).reduce((a, b) => a + b, 0) + m.ackMissing;
  const lat = m.latency.summary();
  const step = {
    rate,
    sent: m.sent,
    achievedRate: Math.round(m.sent / m.sendSeconds),
    acked: m.acked,
    errors,
    ackErrors: m.ackErrors,
    ackMissing: m.ackMissing,
    delivered: m.delivered,
    deliveredFraction: m.sent ? Math.round((m.delivered / m.sent) * 1e6) / 1e6 : 1,
    echoed: m.echoed,
    duplicates: m.duplicates,
    misrouted: m.misrouted,
    disconnects: m.disconnects,
    latencyMs: lat,
    ackLatencyMs: m.ackLatency.summary(),
    echoLatencyMs: m.echoLatency.summary(),
    generatorLagMs: m.lag.summary(),
    timeline: m.timeline,
    cpu,
    serverRssMb: servers.map((s) => Math.round((s.rssKb() ?? 0) / 102.4) / 10),
  };
  const reasons = [];
  if (m.delivered < m.sent) reasons.push(`${m.sent - m.delivered} not delivered`);
  if (m.echoed < m.sent) reasons.push(`${m.sent - m.echoed} not echoed to sender`);
  if (errors) reasons.push(`${errors} ack errors ${JSON.stringify({ ...m.ackErrors, ...(m.ackMissing ? { missing: m.ackMissing } : {}) })}`);
  if (m.duplicates) reasons.push(`${m.duplicates} duplicates`);
  if (m.misrouted) reasons.push(`${m.misrouted} delivered to a socket outside the chat`);
  if (lat.p99 === null || lat.p99 > P99_LIMIT_MS) reasons.push(`p99 ${lat.p99} ms > ${P99_LIMIT_MS} ms${whenSlow(m.timeline)}`);
  if (step.achievedRate < rate * 0.95 || (step.generatorLagMs.p99 ?? 0) > P99_LIMIT_MS) {
    reasons.push(`load generator fell behind (sent ${step.achievedRate}/s, lag p99 ${step.generatorLagMs.p99} ms)`);
  }
  step.held = reasons.length === 0;
  step.failReasons = reasons;
  return step;
}

/** A step that fails while more than this much CPU (% of a core) went to processes outside the bench is run again once. */
const CONTENDED_PCT = 30;
const MAX_RETRIES = 3;
const niceRate = (r) => (r >= 1000 ? Math.round(r / 250) * 250 : Math.round(r / 25) * 25);

/**
 * Steps one target through `rates` (msg/s, all chats together) until its first failed step, then
 * narrows the gap between the last rate held and that one with `refineSteps` bisections
 * (`everyRate`: every rate is run, none bisected, for A/B runs and profiles at fixed rates).
 * `servers` are process handles (pid, rssKb); `useDb` adds MariaDB's CPU to the sample.
 */
export async function stepTarget(target) {
  const [result] = await stepTargets([target]);
  return result;
}

/**
 * Steps several targets side by side: one step of each in turn, at the same rates, so that they meet
 * the machine as it is at the same minutes (its speed drifts by a fifth within minutes on this VM);
 * who goes first alternates from round to round. Each target stops, bisects and is retried on its own.
 * Every target's workers and servers stay up throughout; an idle one costs nothing.
 */
export async function stepTargets(targets) {
  const stalls = await startStallProbe();
  try {
    const runs = targets.map((t) => ({ stepper: stepperOf(t, stalls), plan: ladder(t) }));
    for (const run of runs) run.next = run.plan.next();
    for (let round = 0; runs.some((r) => !r.next.done); round++) {
      const order = round % 2 ? [...runs].reverse() : runs;
      for (const run of order) {
        if (run.next.done) continue;
        const { rate, kind } = run.next.value;
        run.next = run.plan.next(await run.stepper.runChecked(rate, kind));
      }
    }
    return Promise.all(runs.map((r) => r.stepper.finish(r.next.value)));
  } finally {
    await stalls.stop();
  }
}

/** The rates one target is asked to hold, each decided by the last step's outcome; returns the highest held. */
function* ladder({ rates, refineSteps = 2, everyRate = false }) {
  let maxHeld = 0;
  let failedAt = null;
  for (const rate of rates) {
    const step = yield { rate, kind: 'step' };
    if (!step.held) {
      failedAt ??= rate;
      if (everyRate) continue;
      break;
    }
    maxHeld = Math.max(maxHeld, rate);
  }
  if (failedAt !== null && !everyRate) {
    let lo = maxHeld;
    let hi = failedAt;
    for (let i = 0; i < refineSteps; i++) {
      const mid = niceRate((lo + hi) / 2);
      if (mid <= lo || mid >= hi) break;
      const step = yield { rate: mid, kind: 'refine' };
      if (step.held) lo = mid;
      else hi = mid;
    }
    maxHeld = lo;
  }
  return { maxHeld, failedAt };
}

function stepperOf({ label, servers, workers, durationMs, drainMs, bodyBytes = 120, useDb = false, useRedis = false, log = console.log }, stalls) {
  const steps = [];
  const groups = {
    server: () => servers.map((s) => s.pid),
    ...(useDb ? { db: databasePids } : {}),
    ...(useRedis ? { redis: redisPids } : {}),
    clients: () => workers.map((w) => w.pid),
    driver: () => [process.pid],
  };
  const runStep = async (rate, kind) => {
    const quiet = await quiesce(servers.map((s) => s.pid));
    const busyBefore = await waitQuietMachine();
    // Bounded by a few steps' time, so that --quick stays quick on a disk that never quiets down.
    const diskWaitMs = useDb ? await stalls.waitQuietDisk({ maxMs: 3 * durationMs }) : 0;
    const meter = new CpuMeter(groups).start();
    stalls.take();
    const parts = await Promise.all(
      workers.map((w) => w.request('step', { rate: rate * w.share, durationMs, drainMs, bodyBytes }, durationMs + drainMs + 60_000)),
    );
    const cpu = meter.stop();
    const step = evaluate(rate, mergeResults(parts), cpu, servers);
    step.stalls = stalls.take();
    step.kind = kind;
    if (!quiet) step.serverBusyBefore = true;
    step.machineBusyBeforePct = Math.round(busyBefore);
    step.waitedForDiskMs = diskWaitMs;
    steps.push(step);
    log(formatStepRow(label, step));
    return step;
  };
  const runChecked = async (rate, kind) => {
    let step = await runStep(rate, kind);
    for (let retry = 1; retry <= MAX_RETRIES && !step.held; retry++) {
      const why = [];
      // Something outside the bench took the CPU (another session's tests on this machine).
      if (step.cpu.otherCpuPct > CONTENDED_PCT) why.push(`${Math.round(step.cpu.otherCpuPct)}% of a core went to processes outside the bench`);
      // The disk under the database stalled: every commit under way waited for it (the relay writes nothing).
      if (useDb && step.stalls.maxFlushMs > DISK_STALL_MS) why.push(`the database's disk took ${Math.round(step.stalls.maxFlushMs)} ms to flush a write`);
      // The machine itself stopped (a sleeping thread woke that late): every process waited.
      if (step.stalls.maxLateMs > STALL_MS) why.push(`the machine stood still for ${Math.round(step.stalls.maxLateMs)} ms`);
      if (!why.length) break;
      log(`${' '.repeat(13)}(${why.join(', and ')} during that ${label} step: running it again)`);
      step.contended = true;
      step = await runStep(rate, `${kind}-retry${retry}`);
    }
    if (!step.held) {
      // A failure is confirmed before it decides the ceiling: one step of a few seconds can fail on a
      // hiccup that no probe sees (p99 53 ms at a rate held at 24 ms before and after). Both targets
      // get the same second chance at each rate; a rate counts as held only if a whole step held it.
      log(`${' '.repeat(13)}(${label} failed ${rate} msg/s: running it once more before that decides)`);
      const first = step;
      step = await runStep(rate, `${kind}-confirm`);
      first.overruled = step.held;
    }
    return step;
  };
  const finish = async ({ maxHeld, failedAt }) => {
    await quiesce(servers.map((s) => s.pid));
    const atMax = steps.filter((s) => s.held && s.rate === maxHeld).at(-1) ?? null;
    const seen = (k) => Math.max(0, ...steps.map((st) => st.stalls[k] ?? 0));
    return {
      maxHeld,
      firstFailedRate: failedAt,
      // What the machine did under the steps: the longest disk flush and late wake-up, and the steps run again.
      machineStalls: {
        longestFlushMs: seen('maxFlushMs'),
        longestLateMs: seen('maxLateMs'),
        stepsRunAgain: steps.filter((st) => st.contended).length,
        failuresNotConfirmed: steps.filter((st) => st.overruled).length,
      },
      atMax: atMax && { latencyMs: atMax.latencyMs, ackLatencyMs: atMax.ackLatencyMs, cpu: atMax.cpu },
      steps,
    };
  };
  return { runChecked, finish };
}

const pad = (s, n) => String(s).padStart(n);
export function stepHeader() {
  return [
    pad('target', 12),
    pad('rate', 6),
    pad('sent/s', 7),
    pad('p50', 6),
    pad('p95', 6),
    pad('p99', 6),
    pad('max', 7),
    pad('ack99', 6),
    pad('deliv%', 7),
    pad('err', 4),
    pad('srvCPU', 7),
    pad('dbCPU', 6),
    pad('cliCPU', 7),
    pad('other', 6),
    pad('disk', 5),
    pad('late', 5),
    pad('RSS MB', 8),
    '  result',
  ].join(' ');
}

export function formatStepRow(label, s) {
  const f = (x) => (x === null || x === undefined ? '-' : x >= 100 ? Math.round(x) : x.toFixed(1));
  return [
    pad(label, 12),
    pad(s.rate, 6),
    pad(s.achievedRate, 7),
    pad(f(s.latencyMs.p50), 6),
    pad(f(s.latencyMs.p95), 6),
    pad(f(s.latencyMs.p99), 6),
    pad(f(s.latencyMs.max), 7),
    pad(f(s.ackLatencyMs.p99), 6),
    pad((s.deliveredFraction * 100).toFixed(2), 7),
    pad(s.errors, 4),
    pad(`${Math.round(s.cpu.serverCpuPct)}%`, 7),
    pad(s.cpu.dbCpuPct === undefined ? '-' : `${Math.round(s.cpu.dbCpuPct)}%`, 6),
    pad(`${Math.round(s.cpu.clientsCpuPct)}%`, 7),
    pad(`${Math.round(s.cpu.otherCpuPct)}%`, 6),
    pad(s.stalls?.maxFlushMs == null ? '-' : Math.round(s.stalls.maxFlushMs), 5),
    pad(s.stalls ? Math.round(s.stalls.maxLateMs) : '-', 5),
    pad(s.serverRssMb.join('+'), 8),
    `  ${s.held ? 'held' : 'FAILED: ' + s.failReasons.join('; ')}`,
  ].join(' ');
}
