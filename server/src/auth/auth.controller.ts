import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { AuthResponse, EmailChangePending, UserDto } from '@ccr/shared';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import type { AuthUser } from './auth-user';
import {
  ChangePasswordDto,
  ConfirmEmailChangeDto,
  ForgotPasswordDto,
  LoginDto,
  RegisterDto,
  RequestEmailChangeDto,
  ResetPasswordDto,
} from './auth.dto';
import { EmailChangeService } from './email-change.service';
import { AuthService } from './auth.service';
import { UpdateProfileDto } from '../users/users.dto';
import { PasswordResetService } from './password-reset.service';
import { CurrentUser, Public } from './decorators';
import { ApiRoute } from '../openapi/decorators';
import {
  AccessTokenSchema,
  AccountSchema,
  AuthResponseSchema,
  EmailChangePendingSchema,
  EmailChangeStateSchema,
  EmptySchema,
} from '../openapi/schemas';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly resets: PasswordResetService,
    private readonly emailChanges: EmailChangeService,
  ) {}

  @Public()
  @RateLimit({ name: 'registerPerIp', by: 'ip' })
  @Post('register')
  @ApiRoute(AuthResponseSchema, { status: 201, public: true, summary: 'Register a customer account', errors: [400, 409, 429] })
  register(@Body() dto: RegisterDto): Promise<AuthResponse> {
    return this.auth.register(dto);
  }

  @Public()
  @RateLimit({ name: 'loginPerIp', by: 'ip' }, { name: 'loginPerIpAndEmail', by: 'ip+email' })
  @Post('login')
  @HttpCode(200)
  @ApiRoute(AuthResponseSchema, { public: true, summary: 'Sign in', errors: [400, 401, 429] })
  login(@Body() dto: LoginDto): Promise<AuthResponse> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiRoute(AccountSchema, { summary: 'The signed-in account (agents carry the agent fields)' })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user);
  }

  @Patch('me')
  @ApiRoute(AccountSchema, { summary: 'Change your own first or last name (the email stays)', errors: [400] })
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return this.auth.updateMe(user, dto);
  }

  /** A new token for the same, still valid session (the web client calls it before the current one expires). */
  @Post('refresh')
  @HttpCode(200)
  @ApiRoute(AuthResponseSchema, { summary: 'A fresh token for the same session' })
  refresh(@CurrentUser() user: AuthUser): Promise<AuthResponse> {
    return this.auth.refresh(user);
  }

  /** Always 202 {}, at once, whether or not the email exists; the code is mailed in the background. */
  @Public()
  @RateLimit({ name: 'forgotPerIp', by: 'ip' })
  @Post('forgot-password')
  @HttpCode(202)
  @ApiRoute(EmptySchema, {
    status: 202,
    public: true,
    summary: 'Email a 6-digit reset code (202 whether or not the email exists)',
    errors: [400, 429],
  })
  forgot(@Body() dto: ForgotPasswordDto): Record<string, never> {
    void this.resets.requestCode(dto.email);
    return {};
  }

  @Public()
  @RateLimit({ name: 'resetPerIp', by: 'ip' })
  @Post('reset-password')
  @HttpCode(200)
  @ApiRoute(EmptySchema, { public: true, summary: 'Set a new password with the emailed code', errors: [400, 429] })
  async reset(@Body() dto: ResetPasswordDto): Promise<Record<string, never>> {
    await this.resets.reset(dto.email, dto.code, dto.newPassword);
    return {};
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiRoute(AccessTokenSchema, { summary: 'Change the password; every other session ends', errors: [400] })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<{ accessToken: string }> {
    return this.auth.changePassword(user, dto);
  }

  @Post('email-change')
  @HttpCode(200)
  @ApiRoute(EmailChangePendingSchema, {
    summary: 'Mail a 6-digit code to a new email address (the current password is asked); the email changes once the code comes back',
    description: 'At most 3 codes per 15 minutes; a new request ends the code of the one before.',
    errors: [400, 409, 429],
  })
  requestEmailChange(@CurrentUser() user: AuthUser, @Body() dto: RequestEmailChangeDto): Promise<EmailChangePending> {
    return this.emailChanges.request(user, dto.newEmail, dto.password);
  }

  @Get('email-change')
  @ApiRoute(EmailChangeStateSchema, { summary: 'The new email waiting for its code, or null' })
  emailChangePending(@CurrentUser() user: AuthUser): Promise<{ pending: EmailChangePending | null }> {
    return this.emailChanges.pending(user);
  }

  @Post('email-change/confirm')
  @HttpCode(200)
  @ApiRoute(AccountSchema, {
    summary: 'Make the new email the account’s with the code mailed to it; the old address is told',
    errors: [400, 409],
  })
  confirmEmailChange(@CurrentUser() user: AuthUser, @Body() dto: ConfirmEmailChangeDto): Promise<UserDto> {
    return this.emailChanges.confirm(user, dto.code);
  }

  @Post('logout-all')
  @HttpCode(200)
  @ApiRoute(EmptySchema, { summary: 'End every session of this account' })
  async logoutAll(@CurrentUser() user: AuthUser): Promise<Record<string, never>> {
    await this.auth.logoutAll(user);
    return {};
  }
}
