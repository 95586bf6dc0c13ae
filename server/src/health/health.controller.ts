import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { HealthDto } from '@ccr/shared';
import { Public } from '../auth/decorators';
import { RealtimeService } from '../realtime/realtime.service';

const TIMEOUT_MS = 2000;

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const db = await this.databaseUp();
    const realtime = this.realtime.ready;
    res.status(db && realtime ? 200 : 503);
    return { status: db && realtime ? 'ok' : 'error', db: db ? 'up' : 'down', realtime: realtime ? 'up' : 'down' };
  }

  private async databaseUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), TIMEOUT_MS)));
    const query = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const up = await Promise.race([query, timeout]);
    clearTimeout(timer);
    return up;
  }
}
