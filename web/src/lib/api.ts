/** The one typed client for the REST API under /api. */
import { ErrorCode } from '@ccr/shared';
import type {
  AgentDto,
  AuthResponse,
  EmailChangePending,
  ErrorBody,
  MessageDto,
  Page,
  RatingDto,
  SavedReplyDto,
  SavedReplyScope,
  Settings,
  Stats,
  TicketDto,
  TicketEventDto,
  TicketQuotaStatus,
  TicketStatus,
  UserDto,
} from '@ccr/shared';
import { endSessionUnlessReplaced, session } from './session.svelte';

const BASE = '/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ErrorCode;
}

const FALLBACK_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.UNAVAILABLE,
};

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> & { message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status.
  }
  const code = isErrorCode(body.error) ? body.error : (FALLBACK_CODE[res.status] ?? ErrorCode.INTERNAL);
  const raw = body.message;
  const message = Array.isArray(raw)
    ? raw.join('; ')
    : typeof raw === 'string' && raw
      ? raw
      : res.status >= 500
        ? 'Something went wrong on our side. Please try again.'
        : `Request failed (${res.status})`;
  return new ApiError(res.status, code, message);
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  /** Leave a 401 to the caller instead of ending the session and going to /login. */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(BASE + withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, ErrorCode.UNAVAILABLE, 'Cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    // A rejected token (expired, or signed out elsewhere) ends the session; a failed sign-in does not.
    if (res.status === 401 && token && !options.quiet401 && session.token === token) endSessionUnlessReplaced(token);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface TicketQuery {
  status?: TicketStatus | '';
  assigned?: boolean;
  agentId?: string;
  category?: string;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export interface RegisterBody {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  confirmPassword: string;
}

export interface CreateAgentBody {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  expertise?: string[];
  maxConcurrent?: number;
}

export interface SavedReplyBody {
  shortcut: string;
  title: string;
  body: string;
}

export const api = {
  auth: {
    login: (email: string, password: string) => request<AuthResponse>('POST', '/auth/login', { email, password }),
    register: (body: RegisterBody) => request<AuthResponse>('POST', '/auth/register', body),
    /** Used while restoring a stored session: a stale token is the caller's to handle. */
    me: () => request<UserDto | AgentDto>('GET', '/auth/me', undefined, undefined, { quiet401: true }),
    /** Changes the signed-in user's own first or last name. */
    updateMe: (names: { firstName?: string; lastName?: string }) => request<UserDto | AgentDto>('PATCH', '/auth/me', names),
    /** A fresh token for the current one (which must still be valid); a 401 is the caller's to handle. */
    refresh: () => request<AuthResponse>('POST', '/auth/refresh', undefined, undefined, { quiet401: true }),
    forgotPassword: (email: string) => request<object>('POST', '/auth/forgot-password', { email }),
    resetPassword: (email: string, code: string, newPassword: string) =>
      request<object>('POST', '/auth/reset-password', { email, code, newPassword }),
    /** Ends every other session of the account; answers this session's new token. */
    changePassword: (currentPassword: string, newPassword: string) =>
      request<{ accessToken: string }>('POST', '/auth/change-password', { currentPassword, newPassword }),
    /** Mails a code to the new address; the email changes once the code comes back (confirmEmailChange). */
    requestEmailChange: (newEmail: string, password: string) =>
      request<EmailChangePending>('POST', '/auth/email-change', { newEmail, password }),
    /** The new email waiting for its code (a reload in the middle of a change picks it up), or null. */
    pendingEmailChange: () => request<{ pending: EmailChangePending | null }>('GET', '/auth/email-change'),
    confirmEmailChange: (code: string) => request<UserDto | AgentDto>('POST', '/auth/email-change/confirm', { code }),
    /** Ends every session of the account, this one included. */
    logoutAll: () => request<object>('POST', '/auth/logout-all'),
  },
  tickets: {
    list: (query: TicketQuery = {}) => request<Page<TicketDto>>('GET', '/tickets', undefined, { ...query }),
    get: (id: string) => request<TicketDto>('GET', `/tickets/${encodeURIComponent(id)}`),
    create: (body: { subject: string; category: string; description: string }) => request<TicketDto>('POST', '/tickets', body),
    quota: () => request<TicketQuotaStatus>('GET', '/tickets/quota'),
    close: (id: string) => request<TicketDto>('POST', `/tickets/${encodeURIComponent(id)}/close`),
    assign: (id: string, agentId: string) => request<TicketDto>('POST', `/tickets/${encodeURIComponent(id)}/assign`, { agentId }),
    unassign: (id: string) => request<TicketDto>('POST', `/tickets/${encodeURIComponent(id)}/unassign`),
    rate: (id: string, score: number, comment?: string) =>
      request<RatingDto>('POST', `/tickets/${encodeURIComponent(id)}/rating`, comment ? { score, comment } : { score }),
    events: (id: string) => request<TicketEventDto[]>('GET', `/tickets/${encodeURIComponent(id)}/events`),
    customerTickets: (id: string) => request<TicketDto[]>('GET', `/tickets/${encodeURIComponent(id)}/customer-tickets`),
    messages: (id: string, afterSeq?: number, limit?: number) =>
      request<{ items: MessageDto[] }>('GET', `/tickets/${encodeURIComponent(id)}/messages`, undefined, {
        afterSeq,
        limit,
      }),
  },
  agents: {
    list: () => request<{ items: AgentDto[] }>('GET', '/agents'),
    create: (body: CreateAgentBody) => request<AgentDto>('POST', '/agents', body),
    update: (id: string, body: { firstName?: string; lastName?: string; expertise?: string[]; maxConcurrent?: number; active?: boolean }) =>
      request<AgentDto>('PATCH', `/agents/${encodeURIComponent(id)}`, body),
    /** The signed-in agent: away (no new tickets for now, open chats go on) or back. */
    setAway: (away: boolean) => request<AgentDto>('PATCH', '/agents/me', { away }),
  },
  categories: {
    list: () => request<{ items: string[] }>('GET', '/categories'),
    replace: (items: string[]) => request<{ items: string[] }>('PUT', '/categories', { items }),
  },
  settings: {
    get: () => request<Settings>('GET', '/settings'),
    update: (patch: Partial<Settings>) => request<Settings>('PATCH', '/settings', patch),
  },
  stats: () => request<Stats>('GET', '/stats'),
  savedReplies: {
    list: () => request<{ items: SavedReplyDto[] }>('GET', '/saved-replies'),
    create: (body: SavedReplyBody & { scope: SavedReplyScope }) => request<SavedReplyDto>('POST', '/saved-replies', body),
    update: (id: string, body: Partial<SavedReplyBody>) =>
      request<SavedReplyDto>('PATCH', `/saved-replies/${encodeURIComponent(id)}`, body),
    remove: (id: string) => request<void>('DELETE', `/saved-replies/${encodeURIComponent(id)}`),
  },
};

/** A message fit to show a person for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong. Please try again.';
}
