import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { In, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { compareSavedReplies, LIMITS, PLACEHOLDERS, Role, SavedReplyScope, unknownPlaceholders, type SavedReplyDto } from '@ccr/shared';
import type { AuthUser } from '../auth/auth-user';
import { conflict, forbidden, notFound, validation } from '../common/app-error';
import { DomainEvents, type SavedRepliesChangedEvent } from '../common/domain-events';
import { isUniqueViolation } from '../users/users.service';
import { SavedReply, TEAM_KEY } from './saved-reply.entity';
import { toSavedReplyDto, type CreateSavedReplyDto, type UpdateSavedReplyDto } from './saved-replies.dto';

/**
 * Replies kept to be inserted in the composer: the team's, which admins keep and every agent uses, and
 * each agent's own, which nobody else sees.
 */
@Injectable()
export class SavedRepliesService {
  constructor(
    @InjectRepository(SavedReply) private readonly replies: Repository<SavedReply>,
    private readonly events: EventEmitter2,
  ) {}

  /** An admin sees the team's replies; an agent the team's and their own. */
  async list(user: AuthUser): Promise<SavedReplyDto[]> {
    const keys = user.role === Role.AGENT ? [TEAM_KEY, user.id] : [TEAM_KEY];
    const found = await this.replies.find({ where: { ownerKey: In(keys) } });
    // Sorted here: the databases' collations order "-", "_" and digits differently.
    return found.map(toSavedReplyDto).sort(compareSavedReplies);
  }

  async create(user: AuthUser, dto: CreateSavedReplyDto): Promise<SavedReplyDto> {
    const scope = dto.scope ?? (user.role === Role.ADMIN ? SavedReplyScope.TEAM : SavedReplyScope.PERSONAL);
    if (scope === SavedReplyScope.TEAM && user.role !== Role.ADMIN) throw forbidden('Only an admin can add replies for the whole team');
    if (scope === SavedReplyScope.PERSONAL && user.role !== Role.AGENT)
      throw validation('Personal replies are for agents; admins keep the team’s (scope TEAM)');
    checkPlaceholders(dto.body);
    const ownerId = scope === SavedReplyScope.PERSONAL ? user.id : null;
    const ownerKey = ownerId ?? TEAM_KEY;
    if ((await this.replies.count({ where: { ownerKey } })) >= LIMITS.savedRepliesMax) {
      throw conflict(
        `At most ${LIMITS.savedRepliesMax} saved replies can be kept${ownerId ? ' by one agent' : ' for the team'}; delete one first`,
      );
    }
    const now = new Date();
    const reply = this.replies.create({
      id: randomUUID(),
      ownerId,
      ownerKey,
      shortcut: dto.shortcut,
      title: dto.title ?? '',
      body: dto.body,
      createdAt: now,
      updatedAt: now,
    });
    await this.saved(() => this.replies.insert(reply), dto.shortcut);
    return this.changed(reply);
  }

  async update(user: AuthUser, id: string, dto: UpdateSavedReplyDto): Promise<SavedReplyDto> {
    const reply = await this.editable(user, id);
    if (dto.body !== undefined) checkPlaceholders(dto.body);
    const changes = { shortcut: dto.shortcut ?? reply.shortcut, title: dto.title ?? reply.title, body: dto.body ?? reply.body };
    if (changes.shortcut === reply.shortcut && changes.title === reply.title && changes.body === reply.body) return toSavedReplyDto(reply);
    Object.assign(reply, changes, { updatedAt: new Date() });
    await this.saved(() => this.replies.update({ id }, { ...changes, updatedAt: reply.updatedAt }), changes.shortcut);
    return this.changed(reply);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const reply = await this.editable(user, id);
    await this.replies.delete({ id });
    this.changed(reply);
  }

  /** A reply the user may change: an agent's own, or (for an admin) the team's. Another agent's is not found. */
  private async editable(user: AuthUser, id: string): Promise<SavedReply> {
    const reply = await this.replies.findOne({ where: { id } });
    if (!reply || (reply.ownerId !== null && reply.ownerId !== user.id)) throw notFound('Saved reply');
    if (reply.ownerId === null && user.role !== Role.ADMIN) throw forbidden('Only an admin can change the team’s replies');
    return reply;
  }

  private async saved(write: () => Promise<unknown>, shortcut: string) {
    try {
      await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`The shortcut /${shortcut} is already taken; choose another`);
      throw e;
    }
  }

  /** The owner's other tabs, or every agent and admin for the team's, fetch their lists again. */
  private changed(reply: SavedReply): SavedReplyDto {
    const event: SavedRepliesChangedEvent = { ownerId: reply.ownerId };
    this.events.emit(DomainEvents.SavedRepliesChanged, event);
    return toSavedReplyDto(reply);
  }
}

function checkPlaceholders(body: string) {
  const unknown = unknownPlaceholders(body);
  if (unknown.length) {
    const known = Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`);
    throw validation(`Unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; use ${known.join(', ')}`);
  }
}
