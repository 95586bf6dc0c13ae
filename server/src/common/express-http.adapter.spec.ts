import { Controller, Get, Module, Req, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import request from 'supertest';
import { ExpressHttpAdapter } from './express-http.adapter';

@Controller('probe')
class ProbeController {
  @Get()
  probe(@Req() req: Request) {
    return { ip: req.ip, path: req.path, query: req.query };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** Whether each request and response already had Express's prototype when the server created it. */
async function arrivals(adapter: ExpressAdapter) {
  const app = await NestFactory.create<NestExpressApplication>(ProbeModule, adapter, { logger: false });
  await app.init();
  const express = app.getHttpAdapter().getInstance() as Express;
  const seen: { request: boolean; response: boolean }[] = [];
  (app.getHttpServer() as Server).prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
    seen.push({ request: Object.getPrototypeOf(req) === express.request, response: Object.getPrototypeOf(res) === express.response }),
  );
  return { app, seen };
}

describe('ExpressHttpAdapter: requests born as Express requests', () => {
  let app: INestApplication | undefined;
  afterEach(() => app?.close());

  it('creates every request and response with Express’s prototype, and Express serves them as usual', async () => {
    const probe = await arrivals(new ExpressHttpAdapter());
    app = probe.app;
    const res = await request(app.getHttpServer()).get('/probe?x=1').expect(200);
    expect(res.body).toEqual({ ip: expect.any(String), path: '/probe', query: { x: '1' } });
    await request(app.getHttpServer()).get('/missing').expect(404);
    expect(probe.seen).toEqual([
      { request: true, response: true },
      { request: true, response: true },
    ]);
  });

  it('Nest’s own adapter does not (Express then changes each prototype on arrival, which V8 pays for in GC pauses)', async () => {
    const probe = await arrivals(new ExpressAdapter());
    app = probe.app;
    await request(app.getHttpServer()).get('/probe').expect(200);
    expect(probe.seen).toEqual([{ request: false, response: false }]);
  });
});
