import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DEFAULT_CATEGORIES, type Settings } from '@ccr/shared';
import { AppValue } from '../database/kv.entity';

const SETTINGS = 'settings';
const CATEGORIES = 'categories';
const DEFAULT_SETTINGS: Settings = { autoAssign: false, ticketQuota: null };

/** Admin-editable settings and the offered product categories, stored as JSON values. */
@Injectable()
export class SettingsService {
  constructor(@InjectRepository(AppValue) private readonly values: Repository<AppValue>) {}

  private async read<T>(name: string, fallback: T): Promise<T> {
    const row = await this.values.findOne({ where: { name } });
    return row?.json ? (JSON.parse(row.json) as T) : fallback;
  }

  private async write(name: string, value: unknown): Promise<void> {
    await this.values.upsert({ name, json: JSON.stringify(value), counter: 0 }, ['name']);
  }

  async get(): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...(await this.read<Partial<Settings>>(SETTINGS, {})) };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = { ...(await this.get()), ...patch };
    await this.write(SETTINGS, next);
    return next;
  }

  categories(): Promise<string[]> {
    return this.read<string[]>(CATEGORIES, [...DEFAULT_CATEGORIES]);
  }

  async setCategories(items: string[]): Promise<string[]> {
    const seen = new Set<string>();
    const clean = items
      .map((c) => c.trim())
      .filter((c) => c && !seen.has(c.toLowerCase()) && seen.add(c.toLowerCase()));
    await this.write(CATEGORIES, clean);
    return clean;
  }
}
