import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Role, type Page, type TicketDto, type TicketEventDto, type TicketQuotaStatus } from '@ccr/shared';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { TicketsService } from './tickets.service';
import { CreateTicketDto, ListTicketsQuery, RateTicketDto } from './tickets.dto';
import { ApiRoute } from '../openapi/decorators';
import { RatingSchema, TicketEventSchema, TicketPageSchema, TicketQuotaStatusSchema, TicketSchema } from '../openapi/schemas';

@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @Roles(Role.CUSTOMER)
  @ApiRoute(TicketSchema, { status: 201, summary: 'Raise a ticket (customer)', errors: [400, 403, 429] })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTicketDto): Promise<TicketDto> {
    return this.tickets.create(user, dto);
  }

  @Get()
  @ApiRoute(TicketPageSchema, {
    summary: 'Tickets the caller may see, newest first, cursor-paged',
    description: "For customers and agents each ticket carries `lastMessage`, a preview of its latest message (admins' lists do not).",
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ListTicketsQuery): Promise<Page<TicketDto>> {
    return this.tickets.list(user, query);
  }

  @Get('quota')
  @Roles(Role.CUSTOMER)
  @ApiRoute(TicketQuotaStatusSchema, {
    summary: 'Where the caller stands against the ticket quota (customer)',
    description: 'Lets the form say before submitting that the quota is reached, and until when.',
    errors: [403],
  })
  quota(@CurrentUser() user: AuthUser): Promise<TicketQuotaStatus> {
    return this.tickets.quotaStatus(user.id);
  }

  @Get(':id')
  @ApiRoute(TicketSchema, { summary: 'One ticket', errors: [400, 404] })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto> {
    return this.tickets.get(user, id);
  }

  @Get(':id/events')
  @ApiRoute([TicketEventSchema], { summary: "The ticket's audit trail, oldest first", errors: [400, 404] })
  history(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketEventDto[]> {
    return this.tickets.history(user, id);
  }

  @Get(':id/customer-tickets')
  @ApiRoute([TicketSchema], { summary: "The same customer's other tickets that the caller may see", errors: [400, 404] })
  customerTickets(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto[]> {
    return this.tickets.customerTickets(user, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(Role.CUSTOMER, Role.ADMIN)
  @ApiRoute(TicketSchema, { summary: 'Close a ticket (owning customer or admin; idempotent)', errors: [400, 403, 404] })
  close(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<TicketDto> {
    return this.tickets.close(user, id);
  }

  @Post(':id/rating')
  @Roles(Role.CUSTOMER)
  @ApiRoute(RatingSchema, { status: 201, summary: 'Rate a closed ticket (owning customer, once)', errors: [400, 403, 404, 409] })
  rate(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: RateTicketDto) {
    return this.tickets.rate(user, id, dto);
  }
}
