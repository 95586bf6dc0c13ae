import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Role, type AgentDto, type AuthResponse, type UserDto } from '@ccr/shared';
import { unauthorized, validation } from '../common/app-error';
import { DomainEvents, type AgentSavedEvent, type SessionsRevokedEvent, type UserRenamedEvent } from '../common/domain-events';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import { toUserDto, type UpdateProfileDto } from '../users/users.dto';
import { MailService } from '../mail/mail.service';
import type { AuthUser } from './auth-user';
import type { ChangePasswordDto, LoginDto, RegisterDto } from './auth.dto';
import { TokenService } from './token.service';

const BAD_CREDENTIALS = 'The email or password is incorrect';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly mail: MailService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(dto: RegisterDto): Promise<AuthResponse> {
    if (dto.password !== dto.confirmPassword) throw validation('confirmPassword: the passwords do not match');
    // Registration only ever makes customers; agents and admins are created by an admin.
    const user = await this.users.create({ ...dto, role: Role.CUSTOMER });
    return this.session(user.id);
  }

  async login(dto: LoginDto): Promise<AuthResponse> {
    const user = await this.users.findByEmail(dto.email);
    if (!(await this.users.checkPassword(user, dto.password))) throw unauthorized(BAD_CREDENTIALS);
    // A deactivated agent is told the same as a wrong password (session() refuses it).
    return this.session(user!.id);
  }

  async me(caller: AuthUser): Promise<UserDto> {
    if (caller.role === Role.AGENT) return this.users.getAgent(caller.id);
    const user = await this.users.findById(caller.id);
    if (!user) throw unauthorized();
    return toUserDto(user);
  }

  /** Changes the caller's own name; the user's open sockets and pages (and admins', for an agent) follow at once. */
  async updateMe(caller: AuthUser, dto: UpdateProfileDto): Promise<UserDto> {
    const renamed = await this.users.rename(caller.id, dto);
    const me = await this.me(caller);
    if (renamed) await this.accountChanged(me);
    return me;
  }

  /**
   * A name or the email changed: tells the user's sockets (their name on every message from now on)
   * and pages, and, for an agent, the admins.
   */
  async accountChanged(user: UserDto | AgentDto): Promise<void> {
    const event: UserRenamedEvent = { user };
    await this.events.emitAsync(DomainEvents.UserRenamed, event);
    if (user.role === Role.AGENT) {
      const saved: AgentSavedEvent = { agent: user as AgentDto };
      await this.events.emitAsync(DomainEvents.AgentSaved, saved);
    }
  }

  /** Changes the password, signs out every other session, and returns a fresh token for this one. */
  async changePassword(caller: AuthUser, dto: ChangePasswordDto): Promise<{ accessToken: string }> {
    const user = await this.users.findById(caller.id);
    if (!(await this.users.checkPassword(user, dto.currentPassword))) {
      throw validation('currentPassword: the current password is incorrect');
    }
    if (await this.users.checkPassword(user, dto.newPassword)) {
      throw validation('newPassword: choose a password different from the current one');
    }
    const tokenVersion = await this.users.setPassword(caller.id, dto.newPassword);
    await this.revoked(caller.id, tokenVersion);
    void this.mail.send({
      to: user!.email,
      subject: 'Your password was changed',
      text: `Hello ${user!.firstName},\n\nThe password of your Customer Care Registry account was just changed, and your other devices were signed out. If this was not you, reset your password at once and tell us.\n\nCustomer Care Registry`,
    });
    return { accessToken: this.tokens.sign({ ...caller, tokenVersion }) };
  }

  /**
   * A fresh token for a session that is still valid, so an open tab never has to sign in again while in use;
   * the sign-in time travels along, and after SESSION_MAX_AGE_SECONDS the password is asked again.
   */
  async refresh(caller: AuthUser): Promise<AuthResponse> {
    const signedInAt = caller.authTime ?? 0;
    if (Date.now() / 1000 - signedInAt > this.config.sessionMaxAgeSeconds) {
      throw unauthorized('Your session is too old to be extended; sign in again');
    }
    return { user: await this.me(caller), accessToken: this.tokens.sign(caller) };
  }

  /** Signs out every session of the caller, this one included. */
  async logoutAll(caller: AuthUser): Promise<void> {
    await this.revoked(caller.id, await this.users.revokeSessions(caller.id));
  }

  private async revoked(userId: string, tokenVersion: number) {
    const event: SessionsRevokedEvent = { userId, tokenVersion };
    await this.events.emitAsync(DomainEvents.SessionsRevoked, event);
  }

  private async session(userId: string): Promise<AuthResponse> {
    const authUser = await this.users.findAuthUser(userId);
    if (!authUser) throw unauthorized(BAD_CREDENTIALS);
    return { user: await this.me(authUser), accessToken: this.tokens.sign(authUser) };
  }
}
