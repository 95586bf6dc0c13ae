import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { LIMITS } from '@ccr/shared';
import { PlainText } from '../common/text-fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CategoriesDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: LIMITS.categoriesMax, example: ['Electronics', 'Home & Kitchen'] })
  @IsArray() @ArrayMinSize(1, { message: 'offer at least one category' }) @ArrayMaxSize(LIMITS.categoriesMax)
  @IsString({ each: true }) @PlainText({ oneLine: true }, { each: true }) @Length(1, LIMITS.categoryMaxLength, { each: true })
  items: string[];
}

export class TicketQuotaDto {
  @ApiProperty({ minimum: 1, maximum: 1000, description: 'Tickets a customer may raise…' })
  @IsInt() @Min(1) @Max(1000)
  count: number;

  @ApiProperty({ minimum: 1, maximum: 365, description: '…within this many days' })
  @IsInt() @Min(1) @Max(365)
  days: number;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  autoAssign?: boolean;

  /** null turns the quota off. */
  @ApiPropertyOptional({ type: () => TicketQuotaDto, nullable: true, description: 'null turns the quota off' })
  @IsOptional() @ValidateNested() @Type(() => TicketQuotaDto)
  ticketQuota?: TicketQuotaDto | null;
}
