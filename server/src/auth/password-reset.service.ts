import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, IsNull, MoreThan, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { validation } from '../common/app-error';
import { DomainEvents, type SessionsRevokedEvent } from '../common/domain-events';
import { UsersService } from '../users/users.service';
import { MailService } from '../mail/mail.service';
import { PasswordReset } from './password-reset.entity';
import { codeMatches, hashCode, newCode } from './mailed-code';

export const RESET_CODE_TTL_MS = 10 * 60_000;
export const RESET_MAX_ATTEMPTS = 5;
export const RESET_CODES_PER_WINDOW = 3;
export const RESET_WINDOW_MS = 15 * 60_000;
const WRONG_CODE = 'The code is wrong or has expired; request a new one';

/** Password reset by a 6-digit code sent by email, stored only as a keyed hash. */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private hash(resetId: string, userId: string, code: string): Buffer {
    return hashCode(this.config.jwtSecret, '', resetId, userId, code);
  }

  /**
   * Called without awaiting by the route, so that the answer takes the same time whether
   * or not the email exists; failures are only logged.
   */
  async requestCode(email: string): Promise<void> {
    // One request at a time per email in this process, so the per-window count cannot be raced.
    const key = email.toLowerCase();
    const previous = this.queue.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.issueCode(key));
    this.queue.set(key, run);
    await run;
    if (this.queue.get(key) === run) this.queue.delete(key);
  }

  private readonly queue = new Map<string, Promise<void>>();

  private async issueCode(email: string): Promise<void> {
    try {
      const user = await this.users.findByEmail(email);
      if (!user) return;
      const recent = await this.resets.count({ where: { userId: user.id, createdAt: MoreThan(new Date(Date.now() - RESET_WINDOW_MS)) } });
      if (recent >= RESET_CODES_PER_WINDOW) return;
      const code = newCode();
      const id = randomUUID();
      const now = new Date();
      await this.resets.insert({
        id,
        userId: user.id,
        codeHash: this.hash(id, user.id, code).toString('hex'),
        expiresAt: new Date(now.getTime() + RESET_CODE_TTL_MS),
        attempts: 0,
        usedAt: null,
        createdAt: now,
      });
      await this.mail.send({
        to: user.email,
        subject: `Your password reset code: ${code}`,
        text: `Hello ${user.firstName},\n\nYour code to reset your Customer Care Registry password is:\n\n    ${code}\n\nIt is valid for 10 minutes and can be used once. If you did not ask for it, ignore this email; your password stays as it is.\n\nCustomer Care Registry`,
      });
    } catch (e) {
      this.logger.error(`could not issue a reset code: ${(e as Error).message}`);
    }
  }

  async reset(email: string, code: string, newPassword: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    const pending = user
      ? await this.resets.findOne({
          where: { userId: user.id, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
          order: { createdAt: 'DESC' },
        })
      : null;
    if (!user || !pending || pending.attempts >= RESET_MAX_ATTEMPTS) {
      this.hash(randomUUID(), 'none', code); // same work either way
      throw validation(WRONG_CODE);
    }
    if (!codeMatches(pending, this.hash(pending.id, user.id, code))) {
      await this.resets
        .createQueryBuilder()
        .update(PasswordReset)
        .set({ attempts: () => 'attempts + 1' })
        .where('id = :id', { id: pending.id })
        .execute();
      throw validation(WRONG_CODE);
    }
    const used = await this.dataSource.transaction(async (em) => {
      const now = new Date();
      const claimed = await em
        .createQueryBuilder()
        .update(PasswordReset)
        .set({ usedAt: now })
        .where('id = :id AND used_at IS NULL AND attempts < :max', { id: pending.id, max: RESET_MAX_ATTEMPTS })
        .execute();
      if (!claimed.affected) return false;
      // Every other outstanding code dies with this one.
      await em
        .createQueryBuilder()
        .update(PasswordReset)
        .set({ usedAt: now })
        .where('user_id = :userId AND used_at IS NULL', { userId: user.id })
        .execute();
      return true;
    });
    if (!used) throw validation(WRONG_CODE);
    const tokenVersion = await this.users.setPassword(user.id, newPassword);
    const revoked: SessionsRevokedEvent = { userId: user.id, tokenVersion };
    await this.events.emitAsync(DomainEvents.SessionsRevoked, revoked);
    void this.mail.send({
      to: user.email,
      subject: 'Your password was changed',
      text: `Hello ${user.firstName},\n\nThe password of your Customer Care Registry account was just changed with a reset code, and every device was signed out. If this was not you, reset your password again at once and tell us.\n\nCustomer Care Registry`,
    });
  }
}
