import { createPool, format, type Pool, type PoolConnection, type PoolOptions } from 'mysql2';
import type { DataSource, QueryRunner } from 'typeorm';
import { mysqlPoolOptions } from '../database/sql-reads';

/** One SQL statement of a batch's writes. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * A multi-row `INSERT`: `${insertInto} VALUES (…), (…)`, one list of values per row, each written as
 * its database writes it best. MySQL takes the escaped values straight into the text, which spares
 * the driver a scan for `?` through a text of thousands of placeholders (a batch of 1,500 messages
 * has 10,500) and the flattened parameter list, and escapes a value shared by every row (the batch's
 * timestamp) once.
 */
export interface RowsInsert {
  insertInto: string;
  rows: unknown[][];
}

/** What a batch writes. */
export type Write = Statement | RowsInsert;

/** `?, ?, …`: n placeholders. */
export function placeholders(n: number): string {
  return Array(n).fill('?').join(', ');
}

/** A multi-row INSERT as placeholders and parameters, for drivers that bind them. */
export function withPlaceholders(write: Write): Statement {
  if (!('rows' in write)) return write;
  const row = `(${placeholders(write.rows[0]?.length ?? 0)})`;
  return { sql: `${write.insertInto} VALUES ${Array(write.rows.length).fill(row).join(', ')}`, params: write.rows.flat() };
}

/**
 * The transaction a batch of sends runs in, in as few round trips as the database allows:
 * `begin` starts it and takes the tickets' row locks; `commitWith` runs every write and the commit.
 * If a write fails, `commitWith` undoes the writes only (the transaction and its row locks stay) and
 * throws, so the batch can look its duplicates up and try again without losing its place.
 */
export interface BatchTx {
  /**
   * Where the database takes several statements per packet: `START TRANSACTION; writes; COMMIT` in
   * one round trip, with no locking read first. The writes must check for themselves that what they
   * assume still holds (and fail otherwise); on any failure the transaction is rolled back.
   */
  commitAlone?(writes: Write[]): Promise<void>;
  begin<T>(lockingSelect: Statement): Promise<T[]>;
  query<T>(statement: Statement): Promise<T[]>;
  commitWith(writes: Write[]): Promise<void>;
  rollback(): Promise<void>;
  release(): void;
}

export interface BatchTxFactory {
  open(): Promise<BatchTx>;
  /** Opens the connections ahead of the first message (a cold pool made the first second of chat slow). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * MySQL/MariaDB: a small pool of its own whose connections accept several statements per packet, so a
 * batch costs one round trip (`START TRANSACTION; UPDATE; INSERT; INSERT; COMMIT`, guarded) or two
 * (`START TRANSACTION; SELECT … FOR UPDATE` and `SAVEPOINT; UPDATE; INSERT; INSERT; COMMIT`) instead
 * of one per statement. While the writes travel, no Node code runs
 * between them, which keeps the row locks held for one round trip. Every value still goes through
 * the driver's escaping (`?` placeholders); this pool serves the message store only.
 */
export class MysqlBatchTxFactory implements BatchTxFactory {
  private pool: Pool | null = null;

  constructor(private readonly options: PoolOptions) {}

  static from(dataSource: DataSource, connections: number): MysqlBatchTxFactory {
    return new MysqlBatchTxFactory(mysqlPoolOptions(dataSource, connections, { multipleStatements: true, queryFormat: formatWhenBound }));
  }

  open(): Promise<BatchTx> {
    this.pool ??= this.createPool();
    const pool = this.pool;
    return new Promise((resolve, reject) => pool.getConnection((e, connection) => (e ? reject(e) : resolve(new MysqlBatchTx(connection)))));
  }

  private createPool(): Pool {
    const pool = createPool(this.options);
    // The store's guarded writes fail by setting a NOT NULL column to NULL: that must be an error
    // (strict mode), never a silent 0, whatever the server's default sql_mode is.
    pool.on('connection', (connection) => connection.query(STRICT_SQL_MODE, () => undefined));
    return pool;
  }

  async warm(): Promise<void> {
    const connections = await Promise.all(Array.from({ length: this.options.connectionLimit ?? 1 }, () => this.open()));
    connections.forEach((c) => c.release());
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }
}

/**
 * The driver's own formatting, skipped for a text sent without values: a batch's packet arrives with
 * every value already escaped (see `MysqlBatchTx.text`), and the driver would otherwise scan its
 * hundreds of kilobytes once more for placeholders that have no values to take.
 */
function formatWhenBound(sql: string, values: Parameters<typeof format>[1][] | undefined, timezone?: string): string {
  return values?.length ? format(sql, values, false, timezone) : sql;
}

const STRICT_SQL_MODE = `SET SESSION sql_mode = IF(@@SESSION.sql_mode = '', 'STRICT_ALL_TABLES', CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES'))`;

class MysqlBatchTx implements BatchTx {
  private broken = false;

  constructor(private readonly connection: PoolConnection) {}

  private run<T>(sql: string, params?: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.connection.query(sql, params, (e, result) => {
        if (e?.fatal) this.broken = true;
        return e ? reject(e) : resolve(result as T);
      }),
    );
  }

  /**
   * `first; writes…; COMMIT` in one packet. A multi-statement packet stops at its first error, so the
   * COMMIT then never runs; `undo` is sent before the error is thrown.
   */
  private async packet(first: string, writes: Write[], undo: string): Promise<void> {
    try {
      await this.run([first, ...writes.map((w) => this.text(w)), 'COMMIT'].join('; '));
    } catch (e) {
      if (!this.broken) await this.run(undo).catch(() => undefined);
      throw e;
    }
  }

  /** A write as SQL text, every value escaped by the driver (with the connection's time zone). */
  private text(write: Write): string {
    if (!('rows' in write)) return this.connection.format(write.sql, write.params);
    // The same object in many rows (the batch's Date) is escaped once.
    const escaped = new Map<object, string>();
    const escape = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return this.connection.escape(v);
      let e = escaped.get(v);
      if (e === undefined) escaped.set(v, (e = this.connection.escape(v)));
      return e;
    };
    let sql = `${write.insertInto} VALUES `;
    write.rows.forEach((row, r) => {
      sql += r ? ', (' : '(';
      row.forEach((v, i) => (sql += i ? `, ${escape(v)}` : escape(v)));
      sql += ')';
    });
    return sql;
  }

  commitAlone(writes: Write[]): Promise<void> {
    // On failure, everything the packet did is undone and its row locks let go.
    return this.packet('START TRANSACTION', writes, 'ROLLBACK');
  }

  async begin<T>({ sql, params }: Statement): Promise<T[]> {
    const [, rows] = await this.run<[unknown, T[]]>(`START TRANSACTION; ${sql}`, params);
    return rows;
  }

  query<T>({ sql, params }: Statement): Promise<T[]> {
    return this.run<T[]>(sql, params);
  }

  commitWith(writes: Write[]): Promise<void> {
    // On failure only the writes are undone: the transaction and its row locks stay.
    return this.packet('SAVEPOINT batch_writes', writes, 'ROLLBACK TO SAVEPOINT batch_writes');
  }

  async rollback(): Promise<void> {
    if (!this.broken) await this.run('ROLLBACK');
  }

  release(): void {
    // A connection that failed mid-protocol is thrown away, not handed to the next batch.
    if (this.broken) this.connection.destroy();
    else this.connection.release();
  }
}

/** The embedded SQLite database: TypeORM's single connection, one statement at a time. */
export class TypeormBatchTxFactory implements BatchTxFactory {
  constructor(private readonly dataSource: DataSource) {}

  async open(): Promise<BatchTx> {
    const qr = this.dataSource.createQueryRunner('master');
    await qr.connect();
    return new TypeormBatchTx(qr);
  }

  async warm(): Promise<void> {}

  async close(): Promise<void> {}
}

class TypeormBatchTx implements BatchTx {
  constructor(private readonly qr: QueryRunner) {}

  async begin<T>({ sql, params }: Statement): Promise<T[]> {
    await this.qr.startTransaction();
    return this.query<T>({ sql, params });
  }

  query<T>({ sql, params }: Statement): Promise<T[]> {
    return this.qr.query(sql, params) as Promise<T[]>;
  }

  async commitWith(writes: Write[]): Promise<void> {
    await this.qr.query('SAVEPOINT batch_writes');
    try {
      for (const { sql, params } of writes.map(withPlaceholders)) await this.qr.query(sql, params);
    } catch (e) {
      await this.qr.query('ROLLBACK TO SAVEPOINT batch_writes').catch(() => undefined);
      throw e;
    }
    await this.qr.query('RELEASE SAVEPOINT batch_writes');
    await this.qr.commitTransaction();
  }

  async rollback(): Promise<void> {
    if (this.qr.isTransactionActive) await this.qr.rollbackTransaction();
  }

  release(): void {
    void this.qr.release().catch(() => undefined);
  }
}
