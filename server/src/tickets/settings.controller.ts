import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Role, type Settings } from '@ccr/shared';
import { Public, Roles } from '../auth/decorators';
import { SettingsService } from './settings.service';
import { CategoriesDto, UpdateSettingsDto } from './settings.dto';
import { ApiRoute } from '../openapi/decorators';
import { CategoriesSchema, SettingsSchema } from '../openapi/schemas';

export const SETTINGS_CHANGED = 'settings.changed';

@Controller()
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly events: EventEmitter2,
  ) {}

  @Public()
  @Get('categories')
  @ApiRoute(CategoriesSchema, { public: true, summary: 'The categories offered on the ticket form' })
  async categories(): Promise<{ items: string[] }> {
    return { items: await this.settings.categories() };
  }

  @Roles(Role.ADMIN)
  @Put('categories')
  @ApiRoute(CategoriesSchema, { summary: 'Replace the offered categories (admin)', errors: [400, 403] })
  async setCategories(@Body() dto: CategoriesDto): Promise<{ items: string[] }> {
    return { items: await this.settings.setCategories(dto.items) };
  }

  @Roles(Role.ADMIN)
  @Get('settings')
  @ApiRoute(SettingsSchema, { summary: 'Auto-assignment and ticket quota (admin)', errors: [403] })
  get(): Promise<Settings> {
    return this.settings.get();
  }

  @Roles(Role.ADMIN)
  @Patch('settings')
  @ApiRoute(SettingsSchema, { summary: 'Change any of the settings (admin)', errors: [400, 403] })
  async update(@Body() dto: UpdateSettingsDto): Promise<Settings> {
    const patch: Partial<Settings> = {};
    if (dto.autoAssign !== undefined) patch.autoAssign = dto.autoAssign;
    if (dto.ticketQuota !== undefined) {
      patch.ticketQuota = dto.ticketQuota ? { count: dto.ticketQuota.count, days: dto.ticketQuota.days } : null;
    }
    const settings = await this.settings.update(patch);
    await this.events.emitAsync(SETTINGS_CHANGED, settings);
    return settings;
  }
}
