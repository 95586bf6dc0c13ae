import { Column, ColumnOptions } from 'typeorm';

/** Millisecond timestamps, portable between MySQL 8, MariaDB 10.11 and SQLite. */
export const DateColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'datetime', precision: 3, ...options });

export const IdColumn = (options: ColumnOptions = {}) => Column({ type: 'varchar', length: 36, ...options });
