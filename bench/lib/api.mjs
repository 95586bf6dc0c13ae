/** The registry's public REST API, as a client uses it (Node's built-in fetch). */
import { randomBytes } from 'node:crypto';

const unique = () => randomBytes(5).toString('hex');

export class ApiError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} → ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`.slice(0, 500));
    this.status = status;
    this.body = body;
  }
}

export class Api {
  constructor(url) {
    this.url = url;
  }

  async request(method, path, { body, token, expect } = {}) {
    const res = await fetch(`${this.url}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    const ok = expect ? [].concat(expect).includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) throw new ApiError(method, path, res.status, json);
    return json;
  }

  login(email, password) {
    return this.request('POST', '/auth/login', { body: { email, password }, expect: 200 });
  }

  async registerCustomer(i = 0) {
    const password = `pw-${unique()}-${unique()}`;
    const email = `bench-c${i}-${unique()}@bench.test`;
    const r = await this.request('POST', '/auth/register', {
      body: { firstName: `Cust${i}`, lastName: 'Bench', email, password, confirmPassword: password },
      expect: 201,
    });
    return { user: r.user, token: r.accessToken, email, password };
  }

  async createAgent(adminToken, i = 0) {
    const password = `agent-${unique()}-${unique()}`;
    const email = `bench-a${i}-${unique()}@bench.test`;
    await this.request('POST', '/agents', {
      token: adminToken,
      body: { firstName: `Agent${i}`, lastName: 'Bench', email, password, expertise: [], maxConcurrent: 50 },
      expect: 201,
    });
    const r = await this.login(email, password);
    return { user: r.user, token: r.accessToken, email, password };
  }

  raiseTicket(token, i = 0) {
    return this.request('POST', '/tickets', {
      token,
      body: { subject: `Bench ticket ${i}`, category: 'Electronics', description: 'Raised by the load bench to carry a live chat.' },
      expect: 201,
    });
  }

  assign(adminToken, ticketId, agentId) {
    return this.request('POST', `/tickets/${ticketId}/assign`, { token: adminToken, body: { agentId }, expect: 200 });
  }

  postMessage(token, ticketId, clientId, body) {
    return this.request('POST', `/tickets/${ticketId}/messages`, { token, body: { clientId, body }, expect: [200, 201] });
  }
}

/** Runs fn over items with at most `concurrency` in flight; results in input order. */
export async function mapLimit(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
