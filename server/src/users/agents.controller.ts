import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Role, type AgentDto } from '@ccr/shared';
import { Roles } from '../auth/decorators';
import { UuidPipe } from '../common/uuid.pipe';
import { DomainEvents, type AgentChangedEvent, type SessionsRevokedEvent } from '../common/domain-events';
import { UsersService } from './users.service';
import { CreateAgentDto, UpdateAgentDto } from './users.dto';
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
  create(@Body() dto: CreateAgentDto): Promise<AgentDto> {
    return this.users.createAgent(dto);
  }

  @Get()
  @ApiRoute(AgentListSchema, { summary: 'Every agent with live online state and load (admin)', errors: [403] })
  async list(): Promise<{ items: AgentDto[] }> {
    return { items: await this.users.listAgents() };
  }

  @Patch(':id')
  @ApiRoute(AgentSchema, { summary: "Change an agent's expertise, capacity or active flag (admin)", errors: [400, 403, 404] })
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateAgentDto): Promise<AgentDto> {
    const { agent, deactivated } = await this.users.updateAgent(id, dto);
    if (deactivated) {
      const revoked: SessionsRevokedEvent = { userId: id, tokenVersion: await this.users.tokenVersion(id) };
      await this.events.emitAsync(DomainEvents.SessionsRevoked, revoked);
    }
    const changed: AgentChangedEvent = { agentId: id, deactivated };
    await this.events.emitAsync(DomainEvents.AgentChanged, changed);
    return deactivated ? this.users.getAgent(id) : agent;
  }
}
