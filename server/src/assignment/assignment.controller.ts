import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Role, type TicketDto } from '@ccr/shared';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { AssignTicketDto } from '../tickets/tickets.dto';
import { AssignmentService } from './assignment.service';
import { ApiRoute } from '../openapi/decorators';
import { TicketSchema } from '../openapi/schemas';

@Controller('tickets')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiRoute(TicketSchema, { summary: 'Assign or reassign a ticket to an agent (admin)', errors: [400, 403, 404, 409] })
  assign(@CurrentUser() admin: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: AssignTicketDto): Promise<TicketDto> {
    return this.assignment.assign(admin, id, dto.agentId);
  }

  @Post(':id/unassign')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiRoute(TicketSchema, {
    summary: 'Return a ticket to the queue (admin)',
    description:
      'Takes the ticket from its agent: it waits in the queue again (and auto-assignment, when on, may give it to an agent at once). A ticket without an agent is answered as it is; a closed one gets 409.',
    errors: [400, 403, 404, 409],
  })
  unassign(@CurrentUser() admin: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto> {
    return this.assignment.unassign(admin, id);
  }
}
