/**
 * Dashboard: the admin's ticket list and stats over a large history (100,000 tickets and
 * 1,000,000 messages by default, seeded straight into MySQL), each at a fixed open-loop rate.
 */
import { Api } from '../lib/api.mjs';
import { createDatabase } from '../lib/db.mjs';
import { httpGet, openLoop } from '../lib/http-load.mjs';
import { CpuMeter, databasePids, waitIdle } from '../lib/proc.mjs';
import { seedHistory } from '../lib/seed.mjs';
import { migrate, registryDeployment, startRegistry } from '../lib/servers.mjs';

export const DASHBOARD_P99_LIMIT_MS = 20;
const WARM_UP_MS = 5000;

export async function dashboardScenario({ tickets, messages, rate, durationMs }, log) {
  const db = await createDatabase('dash');
  const deployment = registryDeployment(db);
  let registry = null;
  try {
    log(`dashboard: ${tickets} tickets, ${messages} messages; each endpoint at ${rate} req/s for ${durationMs / 1000} s (open loop)`);
    await migrate(deployment);
    const seed = await seedHistory(db.name, { tickets, messages }, log);
    registry = await startRegistry(deployment, { name: 'registry-dash' });
    const api = new Api(registry.url);
    const { accessToken } = await api.login(deployment.admin.email, deployment.admin.password);
    const headers = { authorization: `Bearer ${accessToken}` };
    const endpoints = [
      { name: 'list', path: '/api/tickets?limit=20', target: true },
      { name: 'stats', path: '/api/stats', target: true },
      { name: 'list OPEN', path: '/api/tickets?status=OPEN&limit=20', target: false },
      { name: 'list page at #' + Math.floor(tickets / 2), path: `/api/tickets?limit=20&cursor=${Math.floor(tickets / 2)}`, target: false },
    ];
    const results = [];
    const meterGroups = { server: () => [registry.pid], db: databasePids, driver: () => [process.pid] };
    // Probe every endpoint, then warm all of them up (JIT, pool, InnoDB pages) before measuring any.
    for (const e of endpoints) {
      e.url = `${registry.url}${e.path}`;
      const probe = await httpGet(e.url, headers);
      if (probe.status !== 200) {
        e.missing = probe.status === 404 ? `GET ${e.path} answers 404: not implemented yet` : `GET ${e.path} answers ${probe.status}`;
        results.push({ name: e.name, path: e.path, missing: e.missing });
        log(`  ${e.name.padEnd(22)} ${probe.status === 404 ? 'MISSING' : 'SKIPPED'}: GET ${e.path} answers ${probe.status}`);
      }
    }
    // Warm-up at the measured rate (JIT, pools, InnoDB pages), as autocannon's --warmup: the target is the steady state.
    for (const e of endpoints) if (!e.missing) await openLoop({ url: e.url, headers, rate, durationMs: Math.min(WARM_UP_MS, durationMs) });
    for (const e of endpoints) {
      if (e.missing) continue;
      const url = e.url;
      // The seed's flush (InnoDB writes back a million rows) and the last load must be over first.
      await waitIdle([registry.pid, ...databasePids()], 60_000);
      const meter = new CpuMeter(meterGroups).start();
      const r = await openLoop({ url, headers, rate, durationMs });
      const cpu = meter.stop();
      const row = { name: e.name, path: e.path, underTarget: e.target, ...r, cpu };
      row.held = r.errors === 0 && r.latencyMs.p99 !== null && r.latencyMs.p99 <= DASHBOARD_P99_LIMIT_MS;
      results.push(row);
      log(
        `  ${e.name.padEnd(22)} p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms (service p99 ${r.serviceMs.p99} ms) at ${r.achievedRate} req/s, ${r.errors} errors${r.errors ? ` ${JSON.stringify({ ...r.statuses, unfinished: r.unfinished, skipped: r.skipped })}` : ''}, ${r.meanBytes} B; CPU server ${Math.round(cpu.serverCpuPct)}%, db ${Math.round(cpu.dbCpuPct)}%, other ${Math.round(cpu.otherCpuPct)}% → ${row.held ? 'held' : 'over the 20 ms limit'}`,
      );
    }
    const targeted = results.filter((r) => endpoints.find((e) => e.name === r.name)?.target);
    return {
      tickets,
      messages,
      rate,
      secondsPerEndpoint: durationMs / 1000,
      p99LimitMs: DASHBOARD_P99_LIMIT_MS,
      seed,
      endpoints: results,
      targetMet: targeted.every((r) => !r.missing && r.held),
    };
  } finally {
    await registry?.stop();
    await db.drop();
  }
}
