import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../server/src/auth/decorators';
import { startApp, type TestApp } from '../helpers/app';
import { Api, newClientId } from '../helpers/api';

interface Route {
  method: string;
  path: string;
}
type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  required?: string[];
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
};
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, string[]>[];
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

const key = (r: Route) => `${r.method} ${r.path}`;
/** The documentation's own pages and files are routes of the app, not operations of the API. */
const isDocsRoute = (path: string) => /^\/api\/docs([-/]|$)/.test(path);
/** Middleware mounted for every method (`app.all`, e.g. the request logger) shows in the router as a route with all methods. */
const isMiddleware = (methods: Record<string, boolean>) => Object.keys(methods).length > 20;
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** Every route the app really serves, read from its router (as the authorization matrix does). */
function servedRoutes(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance();
  const stack = (express.router ?? express._router).stack as { route?: { path: string; methods: Record<string, boolean> } }[];
  return stack
    .filter((l) => l.route && l.route.path.startsWith('/api') && !isDocsRoute(l.route.path) && !isMiddleware(l.route.methods))
    .flatMap((l) =>
      Object.keys(l.route!.methods)
        .filter((m) => m !== '_all')
        .map((m) => ({ method: m.toUpperCase(), path: l.route!.path })),
    );
}

/** The same routes seen from the controllers' metadata, with what the router cannot tell: a @Body() parameter, @Public(). */
function controllerRoutes(t: TestApp): (Route & { body: boolean; public: boolean })[] {
  const out: (Route & { body: boolean; public: boolean })[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & (new (...a: unknown[]) => unknown);
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = ['/api', base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')]
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/\/$/, '');
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, unknown>;
        out.push({
          method: RequestMethod[method],
          path,
          body: Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.BODY)),
          public: classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true,
        });
      }
    }
  }
  return out;
}

describe('OpenAPI document at /api/docs-json', () => {
  let t: TestApp;
  let api: Api;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    t = await startApp();
    api = new Api(t.url);
    const res = await api.get('/docs-json').expect(200);
    doc = res.body as OpenApiDoc;
  });
  afterAll(() => t?.close());

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), nullable: schema.nullable };
    return schema;
  };
  /** A schema that says something: an object with properties (or `{}` on purpose), an array of such, or a primitive type. */
  const describes = (schema: Schema | undefined): boolean => {
    const s = resolve(schema);
    if (!s) return false;
    if (s.type === 'array') return describes(s.items);
    if (s.type === 'object')
      return !!s.properties || s.additionalProperties !== undefined || schema?.$ref === '#/components/schemas/EmptySchema';
    return !!s.type;
  };
  const operation = (r: Route) => doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()];

  it('the router and the controllers agree on the routes (so the checks below see them all)', () => {
    const served = servedRoutes(t).map(key).sort();
    expect(served.length).toBeGreaterThan(20);
    expect(controllerRoutes(t).map(key).sort()).toEqual(served);
  });

  it('documents every route the app serves, each success answer with a JSON schema', () => {
    const problems: string[] = [];
    for (const r of servedRoutes(t)) {
      const op = operation(r);
      if (!op) {
        problems.push(`${key(r)}: missing from the document`);
        continue;
      }
      const successes = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!successes.length) problems.push(`${key(r)}: no success answer documented`);
      for (const [status, response] of successes) {
        // 204 No Content is the one success without a body (a deletion).
        if (status === '204') {
          if (response.content) problems.push(`${key(r)} 204: documents a body it cannot have`);
        } else if (!describes(response.content?.['application/json']?.schema)) problems.push(`${key(r)} ${status}: no answer schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the request body of every route that reads one, with its DTO', () => {
    const problems: string[] = [];
    const withBody = controllerRoutes(t).filter((r) => r.body);
    expect(withBody.length).toBeGreaterThan(10);
    for (const r of withBody) {
      const schema = operation(r)?.requestBody?.content?.['application/json']?.schema;
      const resolved = resolve(schema);
      if (!resolved?.properties || !Object.keys(resolved.properties).length) problems.push(`${key(r)}: no request body schema`);
    }
    expect(problems).toEqual([]);
  });

  it('documents every error answer with the ErrorBody schema and the bearer token on every non-public route', () => {
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const problems: string[] = [];
    for (const r of controllerRoutes(t)) {
      const op = operation(r);
      if (!op) continue; // reported above
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status));
      if (!r.public && !op.responses['401']) problems.push(`${key(r)}: 401 not documented`);
      for (const [status, response] of errors) {
        if (key(r) === 'GET /api/health' && status === '503') continue; // the contract's health answer, with db: "down"
        const schema = resolve(response.content?.['application/json']?.schema);
        if (!schema?.properties?.statusCode || !schema.properties.error || !schema.properties.message) {
          problems.push(`${key(r)} ${status}: not an error body`);
        }
      }
      const bearer = (op.security ?? []).some((s) => 'bearer' in s);
      if (bearer === r.public) problems.push(`${key(r)}: bearer auth ${bearer ? 'on a public route' : 'missing'}`);
    }
    expect(problems).toEqual([]);
  });

  /** Keys a real answer carries that its documented schema does not list, e.g. a field added without its @ApiProperty. */
  function undocumented(value: unknown, schema: Schema | undefined, at: string): string[] {
    const s = resolve(schema);
    if (value === null || value === undefined || !s) return s ? [] : [`${at}: no schema`];
    if (Array.isArray(value)) return value.slice(0, 3).flatMap((v, i) => undocumented(v, s.items, `${at}[${i}]`));
    if (typeof value !== 'object') return [];
    if (s.additionalProperties && !s.properties) return [];
    const props = s.properties ?? {};
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (!(k in props)) out.push(`${at}.${k}`);
      else out.push(...undocumented(v, props[k], `${at}.${k}`));
    }
    for (const k of s.required ?? []) if (!(k in (value as object))) out.push(`${at}.${k} (required, absent)`);
    return out;
  }

  it('describes what the routes really answer, field for field', async () => {
    const admin = await api.login(t.admin.email, t.admin.password);
    const customer = await api.registerCustomer();
    const agent = await api.createAgent(admin.token);
    const ticket = await api.raiseTicket(customer.token);
    const open = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    await api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Does it fit?' }, customer.token).expect(201);
    await api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'It does.' }, agent.token).expect(201);
    await api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);

    const calls: [Route, () => Promise<{ status: number; body: unknown }>][] = [
      [{ method: 'GET', path: '/api/auth/me' }, () => api.get('/auth/me', agent.token)],
      [{ method: 'POST', path: '/api/auth/refresh' }, () => api.post('/auth/refresh', undefined, customer.token)],
      [{ method: 'GET', path: '/api/agents' }, () => api.get('/agents', admin.token)],
      [{ method: 'GET', path: '/api/tickets' }, () => api.get('/tickets', admin.token)],
      // Conversation lists carry each ticket's last message (and null without one).
      [{ method: 'GET', path: '/api/tickets' }, () => api.get('/tickets', agent.token)],
      [{ method: 'GET', path: '/api/tickets' }, () => api.get('/tickets', customer.token)],
      [{ method: 'GET', path: '/api/tickets/:id' }, () => api.get(`/tickets/${open.id}`, customer.token)],
      [{ method: 'GET', path: '/api/tickets/:id' }, () => api.get(`/tickets/${ticket.id}`, agent.token)],
      [{ method: 'GET', path: '/api/tickets/:id/messages' }, () => api.get(`/tickets/${ticket.id}/messages`, agent.token)],
      [
        { method: 'POST', path: '/api/tickets/:id/rating' },
        () => api.post(`/tickets/${ticket.id}/rating`, { score: 5, comment: 'Great' }, customer.token),
      ],
      [{ method: 'GET', path: '/api/tickets/:id/events' }, () => api.get(`/tickets/${ticket.id}/events`, admin.token)],
      [{ method: 'GET', path: '/api/tickets/:id/customer-tickets' }, () => api.get(`/tickets/${ticket.id}/customer-tickets`, admin.token)],
      [{ method: 'GET', path: '/api/tickets/quota' }, () => api.get('/tickets/quota', customer.token)],
      [{ method: 'GET', path: '/api/stats' }, () => api.get('/stats', admin.token)],
      [{ method: 'GET', path: '/api/settings' }, () => api.get('/settings', admin.token)],
      [{ method: 'GET', path: '/api/categories' }, () => api.get('/categories')],
      [{ method: 'GET', path: '/api/health' }, () => api.get('/health')],
      [{ method: 'GET', path: '/api/health/ready' }, () => api.get('/health/ready')],
      [{ method: 'GET', path: '/api/tickets/:id' }, () => api.get(`/tickets/${ticket.id}`, agent.token.slice(0, -2))], // an error body
    ];
    const problems: string[] = [];
    for (const [route, call] of calls) {
      const res = await call();
      const response = operation(route)?.responses[String(res.status)];
      if (!response) {
        problems.push(`${key(route)}: answered ${res.status}, which is not documented`);
        continue;
      }
      problems.push(...undocumented(res.body, response.content?.['application/json']?.schema, `${key(route)} ${res.status}`));
    }
    expect(problems).toEqual([]);
  });

  it('serves the Swagger UI at /api/docs under the strict content security policy', async () => {
    const page = await api.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    // The UI runs with the app's own policy: no inline scripts, only same-origin files, which must exist.
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src=['"]([^'"]+)['"]/.exec(attrs)?.[1];
      expect(src).toMatch(/^\.\//);
      await api
        .http()
        .get(new URL(src!, `${t.url}/api/docs`).pathname)
        .expect(200);
    }
  });

  it('documents every Socket.IO event of the shared event maps in docs/realtime.md', () => {
    const events = readFileSync(join(__dirname, '..', '..', 'shared', 'src', 'events.ts'), 'utf8');
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'realtime.md'), 'utf8');
    const names = (iface: string) => {
      const body = new RegExp(`export interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(events)?.[1] ?? '';
      return [...body.matchAll(/^\s*'?([\w:]+)'?\s*:/gm)].map((m) => m[1]);
    };
    const clientToServer = names('ClientToServerEvents');
    const serverToClient = names('ServerToClientEvents');
    expect(clientToServer).toEqual(expect.arrayContaining(['ticket:join', 'message:send']));
    expect(serverToClient).toEqual(expect.arrayContaining(['message:new', 'ticket:updated']));
    const section = (title: string) => docs.split(/^## /m).find((s) => s.startsWith(title)) ?? '';
    const missing = [
      ...clientToServer.filter((e) => !section('Client → server').includes(`\`${e}\``)).map((e) => `client→server ${e}`),
      ...serverToClient.filter((e) => !section('Server → client').includes(`\`${e}\``)).map((e) => `server→client ${e}`),
    ];
    expect(missing).toEqual([]);
  });
});
