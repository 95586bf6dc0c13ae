import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Express } from 'express';
import { useTestApp } from '../helpers/app';

/**
 * The registry's HTTP server creates requests and responses as Express's own objects, so Express never changes
 * a prototype on arrival (which kept every request's objects past V8's young-generation collections: GC pauses
 * of 7–20 ms every half second at 200 req/s, bench/README.md).
 */
describe('the HTTP server', () => {
  const f = useTestApp();

  it('creates API, web and Socket.IO requests with Express’s prototypes, and answers them as before', async () => {
    const express = f.t.app.getHttpAdapter().getInstance() as Express;
    const seen: string[] = [];
    const server = f.t.app.getHttpServer() as Server;
    const record = (req: IncomingMessage, res: ServerResponse) =>
      seen.push(
        `${req.url?.split('?')[0]} ${Object.getPrototypeOf(req) === express.request} ${Object.getPrototypeOf(res) === express.response}`,
      );
    server.prependListener('request', record);
    try {
      expect((await fetch(`${f.t.url}/api/health`)).status).toBe(200);
      const me = await fetch(`${f.t.url}/api/auth/me`, { headers: { authorization: `Bearer ${f.admin.token}` } });
      expect(((await me.json()) as { email: string }).email).toBe(f.t.admin.email);
      expect((await fetch(`${f.t.url}/socket.io/?EIO=4&transport=polling`)).status).toBe(200);
    } finally {
      server.removeListener('request', record);
    }
    expect(seen).toEqual(['/api/health true true', '/api/auth/me true true', '/socket.io/ true true']);
  });
});
