import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import { LIMITS, Role, type AgentDto } from '@ccr/shared';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { conflict, notFound } from '../common/app-error';
import { PresenceService } from '../realtime/presence.service';
import { SqlReads } from '../database/sql-reads';
import type { AuthUser } from '../auth/auth-user';
import { User } from './user.entity';
import { AgentProfile } from './agent-profile.entity';
import { toAgentDto, type CreateAgentDto, type RatingSummary, type UpdateAgentDto } from './users.dto';

export interface NewUser {
  role: Role;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

interface AuthUserRow {
  id: string;
  role: Role;
  first_name: string;
  last_name: string;
  email: string;
  token_version: number | string;
  active: number | boolean | null;
}

/** A valid hash of nothing anyone knows, compared against when an email is unknown so timing does not tell. */
const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), 10);

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(AgentProfile) private readonly profiles: Repository<AgentProfile>,
    private readonly dataSource: DataSource,
    private readonly presence: PresenceService,
    private readonly reads: SqlReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  hashPassword(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  /** Compares in constant-ish time whether or not the user exists. */
  async checkPassword(user: User | null, password: string): Promise<boolean> {
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    return ok && user !== null;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  /**
   * The user a token names, or null if gone or (for agents) deactivated. One query by primary key
   * without the query builder: a reconnect storm asks this for every account coming back.
   */
  async findAuthUser(id: string): Promise<AuthUser | null> {
    const [user] = await this.reads.query<AuthUserRow>(
      `SELECT u.id, u.role, u.first_name, u.last_name, u.email, u.token_version, p.active
         FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id WHERE u.id = ?`,
      [id],
    );
    if (!user) return null;
    if (user.role === Role.AGENT && !Number(user.active)) return null;
    return {
      id: user.id,
      role: user.role,
      firstName: user.first_name,
      lastName: user.last_name,
      email: user.email,
      tokenVersion: Number(user.token_version),
    };
  }

  async create(input: NewUser, profile?: { expertise: string[]; maxConcurrent: number }): Promise<User> {
    const passwordHash = await this.hashPassword(input.password);
    const user = this.users.create({
      id: randomUUID(),
      role: input.role,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email.toLowerCase(),
      passwordHash,
      tokenVersion: 0,
      createdAt: new Date(),
    });
    try {
      await this.dataSource.transaction(async (em) => {
        await em.insert(User, user);
        if (profile) {
          await em.insert(AgentProfile, {
            userId: user.id,
            expertise: profile.expertise,
            maxConcurrent: profile.maxConcurrent,
            active: true,
            openTickets: 0,
            lastAssignedAt: null,
          });
        }
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('An account with this email already exists');
      throw e;
    }
    return user;
  }

  async createAgent(dto: CreateAgentDto): Promise<AgentDto> {
    const expertise = uniqueCategories(dto.expertise ?? []);
    const maxConcurrent = dto.maxConcurrent ?? LIMITS.maxConcurrentDefault;
    const user = await this.create({ ...dto, role: Role.AGENT }, { expertise, maxConcurrent });
    return this.getAgent(user.id);
  }

  async getAgent(id: string): Promise<AgentDto> {
    const profile = await this.profiles.findOne({ where: { userId: id }, relations: { user: true } });
    if (!profile?.user) throw notFound('Agent');
    const [online, ratings] = await Promise.all([this.presence.isOnline(id), this.ratingsByAgent([id])]);
    return toAgentDto(profile.user, profile, online, ratings.get(id));
  }

  /** Average customer rating of the tickets each agent closed with them (rounded to 2 decimals). */
  async ratingsByAgent(agentIds: string[]): Promise<Map<string, RatingSummary>> {
    const summaries = new Map<string, RatingSummary>();
    if (!agentIds.length) return summaries;
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('t.agent_id', 'agentId')
      .addSelect('AVG(r.score)', 'average')
      .addSelect('COUNT(*)', 'count')
      .from('ratings', 'r')
      .innerJoin('tickets', 't', 't.id = r.ticket_id')
      .where('t.agent_id IN (:...agentIds)', { agentIds })
      .groupBy('t.agent_id')
      .getRawMany<{ agentId: string; average: string | number; count: string | number }>();
    for (const row of rows) {
      summaries.set(row.agentId, { average: Math.round(Number(row.average) * 100) / 100, count: Number(row.count) });
    }
    return summaries;
  }

  async listAgents(): Promise<AgentDto[]> {
    const profiles = await this.profiles.find({ relations: { user: true } });
    const ids = profiles.map((p) => p.userId);
    const [online, ratings] = await Promise.all([this.presence.onlineMap(ids), this.ratingsByAgent(ids)]);
    return profiles
      .filter((p) => p.user)
      .map((p) => toAgentDto(p.user!, p, online.get(p.userId) ?? false, ratings.get(p.userId)))
      .sort((a, b) => a.firstName.localeCompare(b.firstName) || a.lastName.localeCompare(b.lastName));
  }

  /** Sets the names given (a missing or null one stays); answers whether either changed. */
  async rename(id: string, names: { firstName?: string | null; lastName?: string | null }): Promise<boolean> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    const patch: Partial<Pick<User, 'firstName' | 'lastName'>> = {};
    if (names.firstName != null && names.firstName !== user.firstName) patch.firstName = names.firstName;
    if (names.lastName != null && names.lastName !== user.lastName) patch.lastName = names.lastName;
    if (!Object.keys(patch).length) return false;
    await this.users.update({ id }, patch);
    return true;
  }

  async updateAgent(id: string, dto: UpdateAgentDto): Promise<{ agent: AgentDto; deactivated: boolean; renamed: boolean }> {
    const profile = await this.profiles.findOne({ where: { userId: id } });
    if (!profile) throw notFound('Agent');
    const renamed = await this.rename(id, dto);
    const patch: Partial<AgentProfile> = {};
    if (dto.expertise !== undefined) patch.expertise = uniqueCategories(dto.expertise);
    if (dto.maxConcurrent !== undefined) patch.maxConcurrent = dto.maxConcurrent;
    if (dto.active !== undefined) patch.active = dto.active;
    const deactivated = profile.active && dto.active === false;
    await this.dataSource.transaction(async (em) => {
      if (Object.keys(patch).length) await em.update(AgentProfile, { userId: id }, patch);
      // Deactivation ends every session the agent has.
      if (deactivated) await em.increment(User, { id }, 'tokenVersion', 1);
    });
    return { agent: await this.getAgent(id), deactivated, renamed };
  }

  /** The agent's own "away" (no new tickets for now) or back. */
  async setAway(id: string, away: boolean): Promise<AgentDto> {
    // Saying it twice is no error (MySQL counts an unchanged row as not affected): the read answers.
    await this.profiles.update({ userId: id }, { away });
    return this.getAgent(id);
  }

  /** Raises the token version, which revokes every token issued before; returns the new version. */
  async revokeSessions(userId: string): Promise<number> {
    await this.users.increment({ id: userId }, 'tokenVersion', 1);
    return this.tokenVersion(userId);
  }

  /** Sets a new password and revokes every session; returns the new token version. */
  async setPassword(userId: string, password: string): Promise<number> {
    const passwordHash = await this.hashPassword(password);
    await this.users
      .createQueryBuilder()
      .update(User)
      .set({ passwordHash, tokenVersion: () => 'token_version + 1' })
      .where('id = :userId', { userId })
      .execute();
    return this.tokenVersion(userId);
  }

  async tokenVersion(userId: string): Promise<number> {
    const row = await this.users.findOne({ select: { id: true, tokenVersion: true }, where: { id: userId } });
    return row?.tokenVersion ?? 0;
  }

  async namesByIds(ids: string[]): Promise<Map<string, User>> {
    if (!ids.length) return new Map();
    const rows = await this.users.find({ where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((u) => [u.id, u]));
  }

  /** The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or admin@localhost with a random password printed once. */
  async ensureAdmin(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (adminEmail && adminPassword) {
      if (await this.findByEmail(adminEmail)) return;
      await this.create({ role: Role.ADMIN, firstName: 'Admin', lastName: 'User', email: adminEmail, password: adminPassword });
      this.logger.log(`Created the admin account ${adminEmail} from ADMIN_EMAIL`);
      return;
    }
    if (await this.users.exists({ where: { role: Role.ADMIN } })) return;
    const password = randomBytes(12).toString('base64url');
    await this.create({ role: Role.ADMIN, firstName: 'Admin', lastName: 'User', email: 'admin@localhost', password });
    this.logger.warn(
      `\n\n  First start: created the admin account\n    email:    admin@localhost\n    password: ${password}\n  This password is shown once. Change it after signing in.\n`,
    );
  }
}

function uniqueCategories(list: string[]): string[] {
  return [...new Set(list.map((c) => c.trim()).filter(Boolean))];
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string }; message?: string };
  const code = err?.code ?? err?.driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed|Duplicate entry/.test(err?.message ?? '');
}
