import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Role, type TicketDto } from '@ccr/shared';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { AssignTicketDto } from '../tickets/tickets.dto';
import { AssignmentService } from './assignment.service';

@Controller('tickets')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  assign(@CurrentUser() admin: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: AssignTicketDto): Promise<TicketDto> {
    return this.assignment.assign(admin, id, dto.agentId);
  }
}
