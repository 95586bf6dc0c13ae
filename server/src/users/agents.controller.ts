import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Role, type AgentDto } from '@ccr/shared';
import { Roles } from '../auth/decorators';
import { UuidPipe } from '../common/uuid.pipe';
import { DomainEvents, type AgentChangedEvent, type SessionsRevokedEvent } from '../common/domain-events';
import { UsersService } from './users.service';
import { CreateAgentDto, UpdateAgentDto } from './users.dto';

@Controller('agents')
@Roles(Role.ADMIN)
export class AgentsController {
  constructor(
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  @Post()
  create(@Body() dto: CreateAgentDto): Promise<AgentDto> {
    return this.users.createAgent(dto);
  }

  @Get()
  async list(): Promise<{ items: AgentDto[] }> {
    return { items: await this.users.listAgents() };
  }

  @Patch(':id')
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
