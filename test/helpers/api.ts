import request from 'supertest';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AgentDto, AuthResponse, TicketDto, UserDto } from '@ccr/shared';

export interface Session<U = UserDto> {
  user: U;
  token: string;
  email: string;
  password: string;
}

const unique = () => randomBytes(4).toString('hex');

/** Small factories that talk to the app exactly as a client does. */
export class Api {
  constructor(readonly url: string) {}

  http() {
    return request(this.url);
  }

  get(path: string, token?: string) {
    const r = request(this.url).get(`/api${path}`);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  post(path: string, body?: object, token?: string) {
    const r = request(this.url).post(`/api${path}`);
    if (token) r.set('Authorization', `Bearer ${token}`);
    return body === undefined ? r : r.send(body);
  }

  put(path: string, body: object, token?: string) {
    const r = request(this.url).put(`/api${path}`);
    if (token) r.set('Authorization', `Bearer ${token}`);
    return r.send(body);
  }

  patch(path: string, body: object, token?: string) {
    const r = request(this.url).patch(`/api${path}`);
    if (token) r.set('Authorization', `Bearer ${token}`);
    return r.send(body);
  }

  delete(path: string, token?: string) {
    const r = request(this.url).delete(`/api${path}`);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  async registerCustomer(overrides: Partial<{ firstName: string; lastName: string; email: string; password: string }> = {}): Promise<Session> {
    const password = overrides.password ?? `pw-${unique()}-${unique()}`;
    const body = {
      firstName: overrides.firstName ?? 'Carla',
      lastName: overrides.lastName ?? 'Customer',
      email: overrides.email ?? `carla-${unique()}@example.test`,
      password,
      confirmPassword: password,
    };
    const res = await this.post('/auth/register', body).expect(201);
    const auth = res.body as AuthResponse;
    return { user: auth.user, token: auth.accessToken, email: body.email, password };
  }

  async login<U = UserDto>(email: string, password: string): Promise<Session<U>> {
    const res = await this.post('/auth/login', { email, password }).expect(200);
    const auth = res.body as AuthResponse;
    return { user: auth.user as U, token: auth.accessToken, email, password };
  }

  async createAgent(
    adminToken: string,
    overrides: Partial<{ firstName: string; expertise: string[]; maxConcurrent: number }> = {},
  ): Promise<Session<AgentDto>> {
    const password = `agent-${unique()}-${unique()}`;
    const email = `agent-${unique()}@example.test`;
    await this.post(
      '/agents',
      {
        firstName: overrides.firstName ?? 'Andy',
        lastName: 'Agent',
        email,
        password,
        expertise: overrides.expertise ?? ['Electronics'],
        maxConcurrent: overrides.maxConcurrent ?? 3,
      },
      adminToken,
    ).expect(201);
    return this.login<AgentDto>(email, password);
  }

  async raiseTicket(token: string, overrides: Partial<{ subject: string; category: string; description: string }> = {}): Promise<TicketDto> {
    const res = await this.post(
      '/tickets',
      {
        subject: overrides.subject ?? 'Does this camera work in the rain?',
        category: overrides.category ?? 'Electronics',
        description: overrides.description ?? 'The listing says weather sealed, the reviews disagree.',
      },
      token,
    ).expect(201);
    return res.body as TicketDto;
  }

  async assign(adminToken: string, ticketId: string, agentId: string): Promise<TicketDto> {
    const res = await this.post(`/tickets/${ticketId}/assign`, { agentId }, adminToken).expect(200);
    return res.body as TicketDto;
  }
}

export const newClientId = () => randomUUID();
