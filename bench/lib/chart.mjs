/** A hand-written SVG chart: send→receive latency (p99 solid, p50 dotted) against the offered rate. */
const COLORS = { relay: '#6b7280', registry: '#2563eb', multinode: '#d97706' };

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function renderChart(report) {
  const series = [];
  // One point per rate: the last attempt at it (a step re-run after contention replaces the first), by rate.
  const final = (steps) => [...new Map(steps.map((s) => [s.rate, s])).values()].sort((a, b) => a.rate - b.rate);
  const chat = report.scenarios.chat;
  if (chat?.targets) for (const [name, t] of Object.entries(chat.targets)) if (t.steps) series.push({ name, steps: final(t.steps), maxHeld: t.maxHeld });
  const multi = report.scenarios.multinode;
  if (multi?.steps) series.push({ name: 'multinode', label: 'registry ×2 + Redis', steps: final(multi.steps), maxHeld: multi.maxHeld });
  const points = series.flatMap((s) => s.steps.filter((p) => p.latencyMs.p99 !== null));
  if (!points.length) return null;

  const W = 760;
  const H = 440;
  const m = { l: 70, r: 200, t: 50, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const rates = points.map((p) => p.rate);
  const xMin = Math.min(...rates) / 1.3;
  const xMax = Math.max(...rates) * 1.3;
  const lats = points.flatMap((p) => [p.latencyMs.p99, p.latencyMs.p50]).filter((v) => v > 0);
  const yMin = Math.min(0.1, ...lats);
  const yMax = Math.max(100, ...lats) * 1.5;
  const lx = (v) => Math.log10(v);
  const x = (v) => m.l + ((lx(v) - lx(xMin)) / (lx(xMax) - lx(xMin))) * pw;
  const y = (v) => m.t + ph - ((lx(Math.max(v, yMin)) - lx(yMin)) / (lx(yMax) - lx(yMin))) * ph;

  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${m.l}" y="22" font-size="15" font-weight="600">Send→receive latency against offered rate (50 live chats)</text>`);
  out.push(
    `<text x="${m.l}" y="40" fill="#555">${esc(report.date.slice(0, 16).replace('T', ' '))} UTC · ${report.machine.cores} cores · Node ${esc(report.machine.node)} · ${esc(report.machine.database ?? '')}${report.quick ? ' · quick' : ''}</text>`,
  );
  // Grid and axes.
  for (let e = Math.floor(lx(yMin)); e <= Math.ceil(lx(yMax)); e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (v < yMin || v > yMax) continue;
      out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${k === 1 ? '#ddd' : '#f0f0f0'}"/>`);
      out.push(`<text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#444">${v >= 1 ? v : v.toFixed(1)}</text>`);
    }
  }
  // Label the ladder's rates (not the bisection's), never two labels closer than 30 px.
  const ladder = [...new Set(series.flatMap((s) => s.steps.filter((p) => !String(p.kind).startsWith('refine')).map((p) => p.rate)))].sort((a, b) => a - b);
  const ticks = [];
  for (const v of ladder) if (!ticks.length || x(v) - x(ticks.at(-1)) >= 30) ticks.push(v);
  for (const v of ticks) {
    out.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${m.t}" y2="${m.t + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x(v).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle" fill="#444">${v >= 1000 ? `${v / 1000}k` : v}</text>`);
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 18}" text-anchor="middle">offered rate, messages per second (all chats together, log scale)</text>`);
  out.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">latency, ms (log scale)</text>`);
  // The 50 ms line.
  out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(50).toFixed(1)}" y2="${y(50).toFixed(1)}" stroke="#dc2626" stroke-dasharray="6 4"/>`);
  out.push(`<text x="${m.l + 6}" y="${(y(50) - 5).toFixed(1)}" fill="#dc2626">p99 limit 50 ms</text>`);

  series.forEach((s, i) => {
    const color = COLORS[s.name] ?? '#16a34a';
    const pts = s.steps.filter((p) => p.latencyMs.p99 !== null);
    const path = (key) => pts.map((p, j) => `${j ? 'L' : 'M'}${x(p.rate).toFixed(1)},${y(p.latencyMs[key]).toFixed(1)}`).join(' ');
    out.push(`<path d="${path('p99')}" fill="none" stroke="${color}" stroke-width="2.2"/>`);
    out.push(`<path d="${path('p50')}" fill="none" stroke="${color}" stroke-width="1.3" stroke-dasharray="2 3"/>`);
    for (const p of pts) {
      out.push(
        `<circle cx="${x(p.rate).toFixed(1)}" cy="${y(p.latencyMs.p99).toFixed(1)}" r="4" fill="${p.held ? color : '#fff'}" stroke="${color}" stroke-width="2"><title>${esc(s.name)} ${p.rate} msg/s: p99 ${p.latencyMs.p99} ms, p50 ${p.latencyMs.p50} ms, delivered ${(p.deliveredFraction * 100).toFixed(2)}%${p.held ? '' : ' — FAILED: ' + esc(p.failReasons.join('; '))}</title></circle>`,
      );
    }
    const ly = m.t + 10 + i * 42;
    const lxp = m.l + pw + 16;
    out.push(`<line x1="${lxp}" x2="${lxp + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.2"/>`);
    out.push(`<text x="${lxp + 30}" y="${ly + 4}" font-weight="600">${esc(s.label ?? s.name)}</text>`);
    out.push(`<text x="${lxp + 30}" y="${ly + 20}" fill="#444">held up to ${s.maxHeld} msg/s</text>`);
  });
  const ly = m.t + 10 + series.length * 42;
  const lxp = m.l + pw + 16;
  out.push(`<text x="${lxp}" y="${ly + 4}" fill="#444">solid: p99 · dotted: p50</text>`);
  out.push(`<text x="${lxp}" y="${ly + 20}" fill="#444">filled: step held · hollow: failed</text>`);
  if (chat?.ratio !== undefined && chat?.ratio !== null) out.push(`<text x="${lxp}" y="${ly + 44}" font-weight="600">registry/relay: ${chat.ratio}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
