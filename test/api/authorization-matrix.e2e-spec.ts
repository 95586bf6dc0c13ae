import { ErrorCode } from '@ccr/shared';
import { startApp, type TestApp } from '../helpers/app';
import { Api, newClientId, type Session } from '../helpers/api';

interface Route {
  method: string;
  path: string;
}

/**
 * Every route the app really serves, read from its router, so a new route joins the matrix by itself. Left out: the
 * OpenAPI pages under /api/docs (public by design, checked in openapi.e2e-spec.ts) and middleware mounted for every
 * method (the request logger), which the router lists as a route with all methods.
 */
function routeTable(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance();
  const stack = (express.router ?? express._router).stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[];
  return stack
    .filter((l) => l.route && l.route.path.startsWith('/api') && !/^\/api\/docs([-/]|$)/.test(l.route.path) && Object.keys(l.route.methods).length <= 20)
    .flatMap((l) => Object.keys(l.route!.methods).filter((m) => m !== '_all').map((m) => ({ method: m.toUpperCase(), path: l.route!.path })));
}

const key = (r: Route) => `${r.method} ${r.path}`;

/** Who may call what: the policy the matrix checks the app against. */
const POLICY: Record<string, { public?: true; roles?: string[] }> = {
  'POST /api/auth/register': { public: true },
  'POST /api/auth/login': { public: true },
  'POST /api/auth/forgot-password': { public: true },
  'POST /api/auth/reset-password': { public: true },
  'GET /api/health': { public: true },
  'GET /api/health/ready': { public: true },
  'GET /api/categories': { public: true },
  'GET /api/auth/me': {},
  'POST /api/auth/change-password': {},
  'POST /api/auth/logout-all': {},
  'POST /api/auth/refresh': {},
  'GET /api/auth/email-change': {},
  'POST /api/auth/email-change': {},
  'POST /api/auth/email-change/confirm': {},
  'POST /api/agents': { roles: ['ADMIN'] },
  'GET /api/agents': { roles: ['ADMIN'] },
  'PATCH /api/auth/me': {},
  'PATCH /api/agents/me': { roles: ['AGENT'] },
  'PATCH /api/agents/:id': { roles: ['ADMIN'] },
  'PUT /api/categories': { roles: ['ADMIN'] },
  'GET /api/settings': { roles: ['ADMIN'] },
  'PATCH /api/settings': { roles: ['ADMIN'] },
  'GET /api/stats': { roles: ['ADMIN'] },
  'POST /api/tickets': { roles: ['CUSTOMER'] },
  'GET /api/tickets': {},
  'GET /api/tickets/quota': { roles: ['CUSTOMER'] },
  'GET /api/tickets/:id': {},
  'GET /api/tickets/:id/events': {},
  'POST /api/tickets/:id/close': { roles: ['CUSTOMER', 'ADMIN'] },
  'POST /api/tickets/:id/rating': { roles: ['CUSTOMER'] },
  'POST /api/tickets/:id/assign': { roles: ['ADMIN'] },
  'POST /api/tickets/:id/unassign': { roles: ['ADMIN'] },
  'GET /api/tickets/:id/messages': {},
  'POST /api/tickets/:id/messages': {},
  'GET /api/tickets/:id/customer-tickets': {},
  'GET /api/saved-replies': { roles: ['AGENT', 'ADMIN'] },
  'POST /api/saved-replies': { roles: ['AGENT', 'ADMIN'] },
  'PATCH /api/saved-replies/:id': { roles: ['AGENT', 'ADMIN'] },
  'DELETE /api/saved-replies/:id': { roles: ['AGENT', 'ADMIN'] },
};

describe('authorization matrix (every route × every role × own/foreign object)', () => {
  let t: TestApp;
  let api: Api;
  let routes: Route[];
  const who: Record<string, Session | null> = {};
  let ticketId: string;
  let agentId: string;

  beforeAll(async () => {
    t = await startApp();
    api = new Api(t.url);
    routes = routeTable(t);
    const admin = await api.login(t.admin.email, t.admin.password);
    const owner = await api.registerCustomer();
    const stranger = await api.registerCustomer();
    const agent = await api.createAgent(admin.token);
    const otherAgent = await api.createAgent(admin.token);
    const ticket = await api.raiseTicket(owner.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    await api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'first' }, owner.token).expect(201);
    Object.assign(who, { anonymous: null, admin, owner, stranger, agent, otherAgent });
    ticketId = ticket.id;
    agentId = agent.user.id;
  });
  afterAll(() => t?.close());

  /** A body that passes validation, so the access decision is what answers. */
  function body(r: Route): object | undefined {
    const bodies: Record<string, object> = {
      'POST /api/tickets/:id/messages': { clientId: newClientId(), body: 'probe' },
      'POST /api/tickets/:id/rating': { score: 1 },
      'POST /api/tickets/:id/assign': { agentId },
      'POST /api/tickets': { subject: 's', category: 'Electronics', description: 'd' },
      'PATCH /api/agents/:id': { maxConcurrent: 7 },
      'PUT /api/categories': { items: ['Only This'] },
      'PATCH /api/settings': { autoAssign: true },
      'POST /api/saved-replies': { shortcut: `matrix-${Date.now()}`, body: 'probe' },
      'PATCH /api/saved-replies/:id': { title: 'probe' },
      'POST /api/agents': { firstName: 'M', lastName: 'M', email: `m-${Date.now()}@example.test`, password: 'matrix passphrase' },
    };
    return bodies[key(r)] ?? (r.method === 'GET' ? undefined : {});
  }

  function call(r: Route, token: string | undefined) {
    const path = r.path.replace('/api', '').replace(':id', r.path.startsWith('/api/agents') ? agentId : ticketId);
    const req = (api.http() as any)[r.method.toLowerCase()](`/api${path}`);
    if (token) req.set('Authorization', `Bearer ${token}`);
    const b = body(r);
    return b === undefined ? req : req.send(b);
  }

  it('knows every route the app serves', () => {
    expect(routes.length).toBeGreaterThan(15);
    const unknown = routes.map(key).filter((k) => !(k in POLICY));
    expect(unknown).toEqual([]); // a new route must be given its policy here
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    for (const r of routes) {
      if (POLICY[key(r)]?.public) continue;
      const res = await call(r, undefined);
      expect([key(r), res.status, res.body.error]).toEqual([key(r), 401, ErrorCode.UNAUTHORIZED]);
    }
  });

  it('answers 403 to a role a route is not for, and changes nothing', async () => {
    for (const r of routes) {
      const roles = POLICY[key(r)]?.roles;
      if (!roles) continue;
      for (const name of ['owner', 'agent', 'admin']) {
        const session = who[name]!;
        if (roles.includes(session.user.role)) continue;
        const res = await call(r, session.token);
        expect([key(r), name, res.status]).toEqual([key(r), name, 403]);
      }
    }
  });

  it("never lets a customer or agent act on a ticket that is not theirs (404, or 403 by role)", async () => {
    for (const r of routes.filter((x) => x.path.startsWith('/api/tickets/:id'))) {
      for (const name of ['stranger', 'otherAgent']) {
        const res = await call(r, who[name]!.token);
        expect([key(r), name, [403, 404].includes(res.status)]).toEqual([key(r), name, true]);
        if (res.status === 404) expect(res.body.error).toBe(ErrorCode.NOT_FOUND);
      }
    }
  });

  it('left the probed ticket as it was', async () => {
    const res = await api.get(`/tickets/${ticketId}`, who.owner!.token).expect(200);
    expect(res.body).toMatchObject({ status: 'ASSIGNED', agent: { id: agentId } });
    const messages = await api.get(`/tickets/${ticketId}/messages`, who.owner!.token).expect(200);
    expect(messages.body.items.filter((m: { body: string }) => m.body === 'probe').every((m: { sender: { id: string } }) => [who.owner!.user.id, agentId].includes(m.sender.id))).toBe(true);
  });
  // Last: legitimate callers here do change the ticket.
  it('never answers 500, whoever calls what', async () => {
    for (const r of routes) {
      for (const name of Object.keys(who)) {
        if (key(r) === 'POST /api/auth/logout-all' || key(r) === 'POST /api/auth/change-password') continue; // would end the session used below
        const res = await call(r, who[name]?.token);
        expect([key(r), name, res.status < 500]).toEqual([key(r), name, true]);
      }
    }
  });

});
