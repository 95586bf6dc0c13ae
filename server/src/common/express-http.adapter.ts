import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';

/**
 * A constructor whose instances are born with `prototype` and initialised by `base`, an old-style constructor
 * (as Node's `IncomingMessage` and `ServerResponse` are). Not `Reflect.construct(base, args, Born)`: objects built
 * that way still survived scavenges (8 % of the young generation against 0.1–0.5 %, measured on a bare Express app).
 */
function bornWith<T extends abstract new (...args: never[]) => object>(base: T, prototype: object): T {
  const init = base as unknown as (this: object, ...args: unknown[]) => void;
  function Born(this: object, ...args: unknown[]) {
    init.apply(this, args);
  }
  Born.prototype = prototype;
  return Born as unknown as T;
}

/**
 * Express's adapter, with a server whose requests and responses are created as Express's own objects.
 *
 * Express gives every request and response its prototype on arrival (`Object.setPrototypeOf(req, app.request)`).
 * Changing an object's prototype after it was built makes V8 keep the whole request's object graph past the next
 * young-generation collection: measured at 200 req/s on a bare Express app, 20–30 % of the young generation
 * survived every scavenge and each one paused the process 7–20 ms (bench/README.md, sixth session). Born with
 * the right prototype, Express's `setPrototypeOf` changes nothing, 0.1–0.6 % survives and a scavenge takes < 1 ms.
 */
export class ExpressHttpAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // HTTPS and forced connection closing stay Nest's own (neither is used by the registry, which sits behind a proxy).
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.httpServer = createServer(
      {
        IncomingMessage: bornWith(IncomingMessage, app.request),
        ServerResponse: bornWith(ServerResponse, app.response) as typeof ServerResponse<IncomingMessage>,
      },
      app,
    );
  }
}
