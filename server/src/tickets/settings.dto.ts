import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { LIMITS } from '@ccr/shared';

export class CategoriesDto {
  @IsArray() @ArrayMinSize(1, { message: 'offer at least one category' }) @ArrayMaxSize(LIMITS.categoriesMax)
  @IsString({ each: true }) @Length(1, LIMITS.categoryMaxLength, { each: true })
  items: string[];
}

export class TicketQuotaDto {
  @IsInt() @Min(1) @Max(1000)
  count: number;

  @IsInt() @Min(1) @Max(365)
  days: number;
}

export class UpdateSettingsDto {
  @IsOptional() @IsBoolean()
  autoAssign?: boolean;

  /** null turns the quota off. */
  @IsOptional() @ValidateNested() @Type(() => TicketQuotaDto)
  ticketQuota?: TicketQuotaDto | null;
}
