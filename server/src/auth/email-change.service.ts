import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { EmailChangePending, UserDto } from '@ccr/shared';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { conflict, validation } from '../common/app-error';
import { RateLimitedError } from '../rate-limit/rate-limit.service';
import { UsersService, isUniqueViolation } from '../users/users.service';
import { User } from '../users/user.entity';
import { MailService } from '../mail/mail.service';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { EmailChange } from './email-change.entity';
import { codeMatches, hashCode, newCode } from './mailed-code';

export const EMAIL_CODE_TTL_MS = 15 * 60_000;
export const EMAIL_CODE_MAX_ATTEMPTS = 5;
export const EMAIL_CODES_PER_WINDOW = 3;
export const EMAIL_CODE_WINDOW_MS = 15 * 60_000;
const WRONG_CODE = 'code: the code is wrong or has expired; ask for a new one';
const TAKEN = 'newEmail: an account with this email already exists';

/**
 * A new email address takes effect only once the code mailed to it comes back, so a typo cannot lock
 * anyone out and nobody can claim an address they cannot read; the old address is told afterwards.
 * Sessions stay: the password did not change.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    @InjectRepository(EmailChange) private readonly changes: Repository<EmailChange>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private hash(changeId: string, userId: string, code: string): Buffer {
    return hashCode(this.config.jwtSecret, 'email:', changeId, userId, code);
  }

  async request(caller: AuthUser, newEmail: string, password: string): Promise<EmailChangePending> {
    const user = await this.users.findById(caller.id);
    if (!(await this.users.checkPassword(user, password))) throw validation('password: the current password is incorrect');
    if (newEmail === user!.email) throw validation('newEmail: this is already your email');
    if (await this.users.findByEmail(newEmail)) throw conflict(TAKEN);
    const since = new Date(Date.now() - EMAIL_CODE_WINDOW_MS);
    const recent = await this.changes.find({ where: { userId: caller.id, createdAt: MoreThan(since) }, order: { createdAt: 'ASC' } });
    if (recent.length >= EMAIL_CODES_PER_WINDOW) {
      throw new RateLimitedError(Math.ceil((recent[0].createdAt.getTime() + EMAIL_CODE_WINDOW_MS - Date.now()) / 1000));
    }
    const code = newCode();
    const id = randomUUID();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + EMAIL_CODE_TTL_MS);
    // Only the newest request counts (`waiting` reads no other): an earlier code, for this or another address, is dead.
    await this.changes.insert({
      id,
      userId: caller.id,
      newEmail,
      codeHash: this.hash(id, caller.id, code).toString('hex'),
      expiresAt,
      attempts: 0,
      usedAt: null,
      createdAt: now,
    });
    await this.mail.send({
      to: newEmail,
      subject: `Your email confirmation code: ${code}`,
      text: `Hello ${user!.firstName},\n\nTo make this address the email of your Customer Care Registry account, enter this code on your account page:\n\n    ${code}\n\nIt is valid for 15 minutes and can be used once. If you did not ask for it, ignore this email; nothing changes.\n\nCustomer Care Registry`,
    });
    return { email: newEmail, expiresAt: expiresAt.toISOString() };
  }

  /** The change waiting for its code, if any (a page reloaded in the middle of it picks it up). */
  async pending(caller: AuthUser): Promise<{ pending: EmailChangePending | null }> {
    const change = await this.waiting(caller.id);
    return { pending: change ? { email: change.newEmail, expiresAt: change.expiresAt.toISOString() } : null };
  }

  /** The newest change still open to its code: unused, unexpired, tries left. */
  private async waiting(userId: string): Promise<EmailChange | null> {
    const change = await this.changes.findOne({
      where: { userId, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
    });
    return change && change.attempts < EMAIL_CODE_MAX_ATTEMPTS ? change : null;
  }

  async confirm(caller: AuthUser, code: string): Promise<UserDto> {
    const pending = await this.waiting(caller.id);
    if (!pending) throw validation(WRONG_CODE);
    if (!codeMatches(pending, this.hash(pending.id, caller.id, code))) {
      await this.changes
        .createQueryBuilder()
        .update(EmailChange)
        .set({ attempts: () => 'attempts + 1' })
        .where('id = :id', { id: pending.id })
        .execute();
      throw validation(WRONG_CODE);
    }
    const old = await this.users.findById(caller.id);
    const changed = await this.dataSource
      .transaction(async (em) => {
        const claimed = await em
          .createQueryBuilder()
          .update(EmailChange)
          .set({ usedAt: new Date() })
          .where('id = :id AND used_at IS NULL AND attempts < :max', { id: pending.id, max: EMAIL_CODE_MAX_ATTEMPTS })
          .execute();
        if (!claimed.affected) return false;
        await em.update(User, { id: caller.id }, { email: pending.newEmail });
        return true;
      })
      .catch((e: unknown) => {
        // Someone registered the address between the request and the code.
        if (isUniqueViolation(e)) throw conflict(TAKEN);
        throw e;
      });
    if (!changed) throw validation(WRONG_CODE);
    void this.mail.send({
      to: old!.email,
      subject: 'Your email was changed',
      text: `Hello ${old!.firstName},\n\nThe email of your Customer Care Registry account was just changed to ${pending.newEmail}; sign in with that address from now on. Mail about your tickets goes there too.\n\nIf this was not you, someone knows your password: tell us at once by replying to this email.\n\nCustomer Care Registry`,
    });
    const me = await this.auth.me(caller);
    await this.auth.accountChanged(me);
    return me;
  }
}
