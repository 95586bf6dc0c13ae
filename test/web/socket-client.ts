/** A bare Socket.IO client for the browser specs (an agent who is online without a browser). */
import { io, type Socket } from 'socket.io-client';

export function connectSocket(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.disconnect();
      reject(e);
    });
  });
}
