/**
 * An open-loop HTTP load driver (the role autocannon plays, without the dependency): request i is
 * sent at start + i/rate whatever happened to the others, over keep-alive connections. Latency is
 * measured from the scheduled time (so a stalled server is not hidden by a waiting client —
 * "coordinated omission") and, separately, from the moment the request was written.
 */
import http from 'node:http';
import { Hist } from './hist.mjs';

export function httpGet(url, headers, agent, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
      res.on('error', (e) => resolve({ status: 0, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, error: e.message }));
  });
}

export async function openLoop({ url, headers = {}, rate, durationMs, maxInFlight = 256, drainMs = 10_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const latency = new Hist();
  const service = new Hist();
  const statuses = {};
  let inFlight = 0;
  let skipped = 0;
  let done = 0;
  let bytes = 0;
  let next = 0;
  const start = performance.now();
  const fire = (scheduled) => {
    if (inFlight >= maxInFlight) {
      skipped++; // never unbounded: counted as errors
      return;
    }
    inFlight++;
    const sent = performance.now();
    httpGet(url, headers, agent).then((r) => {
      const now = performance.now();
      inFlight--;
      done++;
      bytes += r.bytes ?? 0;
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      latency.record(now - scheduled);
      service.record(now - sent);
    });
  };
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / interval) + 1);
      while (next < due) fire(start + interval * next++);
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(4, start + next * interval - performance.now())));
    };
    tick();
  });
  const sendSeconds = (performance.now() - start) / 1000;
  const drainStart = performance.now();
  while (inFlight > 0 && performance.now() - drainStart < drainMs) await new Promise((r) => setTimeout(r, 10));
  agent.destroy();
  const ok = Object.entries(statuses).filter(([s]) => s >= 200 && s < 300).reduce((a, [, n]) => a + n, 0);
  return {
    rate,
    requests: total,
    completed: done,
    achievedRate: Math.round(total / sendSeconds),
    statuses,
    errors: total - ok,
    skipped,
    unfinished: inFlight,
    meanBytes: done ? Math.round(bytes / done) : 0,
    latencyMs: latency.summary(),
    serviceMs: service.summary(),
  };
}
