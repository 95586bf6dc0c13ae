import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { Role, type SavedReplyDto } from '@ccr/shared';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { ApiRoute } from '../openapi/decorators';
import { SavedReplyListSchema, SavedReplySchema } from '../openapi/schemas';
import { SavedRepliesService } from './saved-replies.service';
import { CreateSavedReplyDto, UpdateSavedReplyDto } from './saved-replies.dto';

@Controller('saved-replies')
@Roles(Role.AGENT, Role.ADMIN)
export class SavedRepliesController {
  constructor(private readonly replies: SavedRepliesService) {}

  @Get()
  @ApiRoute(SavedReplyListSchema, { summary: "The team's saved replies, and an agent's own, by shortcut (agent, admin)", errors: [403] })
  async list(@CurrentUser() user: AuthUser): Promise<{ items: SavedReplyDto[] }> {
    return { items: await this.replies.list(user) };
  }

  @Post()
  @ApiRoute(SavedReplySchema, {
    status: 201,
    summary: "Keep a reply: an agent's own, or the team's (admin)",
    description: 'The shortcut is unique among the team’s replies and among each agent’s own (409 otherwise).',
    errors: [400, 403, 409],
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSavedReplyDto): Promise<SavedReplyDto> {
    return this.replies.create(user, dto);
  }

  @Patch(':id')
  @ApiRoute(SavedReplySchema, { summary: "Change one's own saved reply, or the team's (admin)", errors: [400, 403, 404, 409] })
  update(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateSavedReplyDto): Promise<SavedReplyDto> {
    return this.replies.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute(null, { summary: "Delete one's own saved reply, or the team's (admin)", errors: [400, 403, 404] })
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.replies.remove(user, id);
  }
}
