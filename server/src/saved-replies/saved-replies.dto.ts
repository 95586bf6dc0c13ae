import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, PLACEHOLDERS, SAVED_REPLY_SHORTCUT_PATTERN, SavedReplyScope, type SavedReplyDto } from '@ccr/shared';
import { Lowercase, Trim } from '../common/transforms';
import { PlainText } from '../common/text-fields';
import type { SavedReply } from './saved-reply.entity';

const SCOPES = Object.values(SavedReplyScope);
const PLACEHOLDER_LIST = Object.keys(PLACEHOLDERS)
  .map((p) => `{{${p}}}`)
  .join(', ');

const shortcutDoc = {
  minLength: 1,
  maxLength: LIMITS.savedReplyShortcutMaxLength,
  pattern: SAVED_REPLY_SHORTCUT_PATTERN.source,
  description: 'Typed after "/" in the composer; lowercased; letters, digits, - and _',
  example: 'refund',
};
const titleDoc = {
  maxLength: LIMITS.savedReplyTitleMaxLength,
  description: 'What the reply is for, shown beside the shortcut',
  example: 'How refunds work',
};
const bodyDoc = {
  minLength: 1,
  maxLength: LIMITS.savedReplyBodyMaxLength,
  description: `The text inserted in the composer, trimmed. Placeholders filled there: ${PLACEHOLDER_LIST}`,
  example: 'Hi {{customer.firstName}}, refunds reach your card within 5 working days.',
};

/** The three fields, each optional when changing a reply. */
function ShortcutField(): PropertyDecorator {
  return (target, key) => {
    Lowercase()(target, key);
    IsString({ message: 'shortcut must be text' })(target, key);
    Length(1, LIMITS.savedReplyShortcutMaxLength, { message: `shortcut must be 1 to ${LIMITS.savedReplyShortcutMaxLength} characters` })(
      target,
      key,
    );
    Matches(SAVED_REPLY_SHORTCUT_PATTERN, {
      message: 'shortcut may hold only letters, digits, - and _, and must start with a letter or digit',
    })(target, key);
  };
}
function TitleField(): PropertyDecorator {
  return (target, key) => {
    Trim()(target, key);
    IsString({ message: 'title must be text' })(target, key);
    PlainText({ oneLine: true, required: false })(target, key);
    Length(0, LIMITS.savedReplyTitleMaxLength, { message: `title must be at most ${LIMITS.savedReplyTitleMaxLength} characters` })(
      target,
      key,
    );
  };
}
function BodyField(): PropertyDecorator {
  return (target, key) => {
    Trim()(target, key);
    IsString({ message: 'body must be text' })(target, key);
    PlainText()(target, key);
    Length(1, LIMITS.savedReplyBodyMaxLength, { message: `body must be 1 to ${LIMITS.savedReplyBodyMaxLength} characters` })(target, key);
  };
}

export class CreateSavedReplyDto {
  @ApiProperty(shortcutDoc) @ShortcutField() shortcut: string;
  @ApiPropertyOptional(titleDoc) @IsOptional() @TitleField() title?: string;
  @ApiProperty(bodyDoc) @BodyField() body: string;

  @ApiPropertyOptional({ enum: SCOPES, description: "TEAM (admins only) or PERSONAL (agents only); by default the caller's kind" })
  @IsOptional()
  @IsIn(SCOPES, { message: `scope must be one of ${SCOPES.join(', ')}` })
  scope?: SavedReplyScope;
}

export class UpdateSavedReplyDto {
  @ApiPropertyOptional(shortcutDoc) @IsOptional() @ShortcutField() shortcut?: string;
  @ApiPropertyOptional(titleDoc) @IsOptional() @TitleField() title?: string;
  @ApiPropertyOptional(bodyDoc) @IsOptional() @BodyField() body?: string;
}

export function toSavedReplyDto(reply: SavedReply): SavedReplyDto {
  return {
    id: reply.id,
    shortcut: reply.shortcut,
    title: reply.title,
    body: reply.body,
    scope: reply.ownerId ? SavedReplyScope.PERSONAL : SavedReplyScope.TEAM,
    createdAt: reply.createdAt.toISOString(),
    updatedAt: reply.updatedAt.toISOString(),
  };
}
