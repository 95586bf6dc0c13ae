import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { coalesceWrites } from './coalesce-writes';

/** The server side's TCP socket under a Socket.IO socket (websocket transport). */
function tcpOf(socket: Socket): { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown } {
  return (socket.conn as unknown as { transport: { socket: { _socket: never } } }).transport.socket._socket;
}

describe('coalesceWrites', () => {
  let http: HttpServer;
  let io: Server;
  let client: ClientSocket;
  let serverSocket: Socket;

  beforeEach(async () => {
    http = createServer();
    io = new Server(http, { transports: ['websocket'] });
    coalesceWrites(io);
    const connected = new Promise<Socket>((resolve) => io.on('connection', resolve));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
    serverSocket = await connected;
    await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  });

  afterEach(async () => {
    client.close();
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });

  it('sends a burst of packets in one system call, in order, without waiting for a later turn of the event loop', async () => {
    const tcp = tcpOf(serverSocket);
    let writes = 0;
    for (const name of ['_write', '_writev'] as const) {
      const original = tcp[name].bind(tcp);
      tcp[name] = (...args: unknown[]) => {
        writes++;
        return original(...args);
      };
    }
    const received: number[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('n', (i: number) => {
        received.push(i);
        if (received.length === 50) resolve();
      }),
    );
    // A burst such as one stored batch produces: broadcasts, then acks in later microtasks.
    for (let i = 0; i < 25; i++) serverSocket.emit('n', i);
    await Promise.resolve();
    for (let i = 25; i < 50; i++) serverSocket.emit('n', i);
    await all;
    expect(received).toEqual([...Array(50).keys()]);
    // Without corking every frame after the first is its own writev (about 50).
    expect(writes).toBeLessThanOrEqual(3);
  });

  it('leaves a lone packet on its way at once', async () => {
    const started = Date.now();
    const got = new Promise<string>((resolve) => client.once('hello', resolve));
    serverSocket.emit('hello', 'there');
    expect(await got).toBe('there');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
