import { Injectable } from '@nestjs/common';
import { Role, type AuthResponse, type UserDto } from '@ccr/shared';
import { unauthorized, validation } from '../common/app-error';
import { UsersService } from '../users/users.service';
import { toUserDto } from '../users/users.dto';
import type { AuthUser } from './auth-user';
import type { LoginDto, RegisterDto } from './auth.dto';
import { TokenService } from './token.service';

const BAD_CREDENTIALS = 'The email or password is incorrect';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
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

  private async session(userId: string): Promise<AuthResponse> {
    const authUser = await this.users.findAuthUser(userId);
    if (!authUser) throw unauthorized(BAD_CREDENTIALS);
    return { user: await this.me(authUser), accessToken: this.tokens.sign(authUser) };
  }
}
