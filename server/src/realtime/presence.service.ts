import { Injectable } from '@nestjs/common';

/**
 * Who is online: a user is online while at least one of their sockets is connected.
 * Single-process mode keeps the counts in memory.
 */
@Injectable()
export class PresenceService {
  private readonly sockets = new Map<string, number>();

  /** Returns true when this socket brought the user online. */
  async connected(userId: string): Promise<boolean> {
    const n = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, n);
    return n === 1;
  }

  /** Returns true when this socket took the user offline. */
  async disconnected(userId: string): Promise<boolean> {
    const n = (this.sockets.get(userId) ?? 0) - 1;
    if (n <= 0) {
      this.sockets.delete(userId);
      return true;
    }
    this.sockets.set(userId, n);
    return false;
  }

  async isOnline(userId: string): Promise<boolean> {
    return (this.sockets.get(userId) ?? 0) > 0;
  }

  async onlineMap(userIds: string[]): Promise<Map<string, boolean>> {
    return new Map(userIds.map((id) => [id, (this.sockets.get(id) ?? 0) > 0]));
  }
}
