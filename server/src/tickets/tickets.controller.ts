import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Role, type Page, type TicketDto, type TicketEventDto } from '@ccr/shared';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { TicketsService } from './tickets.service';
import { CreateTicketDto, ListTicketsQuery, RateTicketDto } from './tickets.dto';

@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @Roles(Role.CUSTOMER)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTicketDto): Promise<TicketDto> {
    return this.tickets.create(user, dto);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListTicketsQuery): Promise<Page<TicketDto>> {
    return this.tickets.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto> {
    return this.tickets.get(user, id);
  }

  @Get(':id/events')
  history(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketEventDto[]> {
    return this.tickets.history(user, id);
  }

  @Get(':id/customer-tickets')
  customerTickets(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto[]> {
    return this.tickets.customerTickets(user, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(Role.CUSTOMER, Role.ADMIN)
  close(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto> {
    return this.tickets.close(user, id);
  }

  @Post(':id/rating')
  @Roles(Role.CUSTOMER)
  rate(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: RateTicketDto) {
    return this.tickets.rate(user, id, dto);
  }
}
