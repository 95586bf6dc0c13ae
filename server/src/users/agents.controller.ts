import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Role, type AgentDto } from '@ccr/shared';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import {
  DomainEvents,
  type AgentChangedEvent,
  type AgentSavedEvent,
  type SessionsRevokedEvent,
  type UserRenamedEvent,
} from '../common/domain-events';
import { UsersService } from './users.service';
import { CreateAgentDto, UpdateAgentDto, UpdateAvailabilityDto } from './users.dto';
import { ApiRoute } from '../openapi/decorators';
import { AgentListSchema, AgentSchema } from '../openapi/schemas';

@Controller('agents')
@Roles(Role.ADMIN)
export class AgentsController {
  constructor(
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  @Post()
  @ApiRoute(AgentSchema, { status: 201, summary: 'Create an agent account (admin)', errors: [400, 403, 409] })
  async create(@Body() dto: CreateAgentDto): Promise<AgentDto> {
    return this.saved(await this.users.createAgent(dto));
  }

  @Get()
  @ApiRoute(AgentListSchema, { summary: 'Every agent with live online state and load (admin)', errors: [403] })
  async list(): Promise<{ items: AgentDto[] }> {
    return { items: await this.users.listAgents() };
  }

  /** Declared before `:id`, which would take "me" for an id. */
  @Patch('me')
  @Roles(Role.AGENT)
  @ApiRoute(AgentSchema, { summary: 'Away (no new tickets for now, open chats go on) or back (the signed-in agent)', errors: [400, 403] })
  async setAway(@CurrentUser() user: AuthUser, @Body() dto: UpdateAvailabilityDto): Promise<AgentDto> {
    const agent = await this.users.setAway(user.id, dto.away);
    // Back: waiting tickets may now be theirs (the queue runs again); admins' pages show the change.
    const changed: AgentChangedEvent = { agentId: user.id, deactivated: false };
    await this.events.emitAsync(DomainEvents.AgentChanged, changed);
    return this.saved(agent);
  }

  @Patch(':id')
  @ApiRoute(AgentSchema, { summary: "Change an agent's name, expertise, capacity or active flag (admin)", errors: [400, 403, 404] })
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateAgentDto): Promise<AgentDto> {
    const { agent, deactivated, renamed } = await this.users.updateAgent(id, dto);
    if (deactivated) {
      const revoked: SessionsRevokedEvent = { userId: id, tokenVersion: await this.users.tokenVersion(id) };
      await this.events.emitAsync(DomainEvents.SessionsRevoked, revoked);
    }
    const changed: AgentChangedEvent = { agentId: id, deactivated };
    await this.events.emitAsync(DomainEvents.AgentChanged, changed);
    // The agent's open sockets speak under the new name from now on; their pages show it.
    if (renamed && !deactivated) {
      const event: UserRenamedEvent = { user: agent };
      await this.events.emitAsync(DomainEvents.UserRenamed, event);
    }
    return this.saved(deactivated ? await this.users.getAgent(id) : agent);
  }

  /** Every admin's open pages (queue, agents, ticket) learn of the change at once. */
  private async saved(agent: AgentDto): Promise<AgentDto> {
    const event: AgentSavedEvent = { agent };
    await this.events.emitAsync(DomainEvents.AgentSaved, event);
    return agent;
  }
}
