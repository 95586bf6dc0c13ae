import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { createPool, type Pool, type PoolOptions } from 'mysql2';
import { DataSource } from 'typeorm';
import { TurnBatches } from '../common/turn-batches';

/** One read of the hot paths: a SELECT with `?` placeholders. */
export interface ReadStatement {
  sql: string;
  params: unknown[];
}

/** Sends one packet of SQL on a free connection and calls back with its result (one result set per statement). */
export type SendPacket = (sql: string, params: unknown[], done: (error: unknown, result?: unknown) => void) => void;

interface Pending extends ReadStatement {
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** Packets under way at once (each holds one connection of the readers' pool). */
export const READ_PACKETS_IN_FLIGHT = 3;
/** At most this many statements share a packet. */
export const MAX_READS_PER_PACKET = 100;

/**
 * Reads asked for together (in one task) travel to MySQL as ONE multi-statement packet
 * (`SELECT …; SELECT …`) and come back as one response: a rejoin's ticket and its missed messages are
 * one round trip, and under a reconnect storm the rejoins that wait for a free connection share one.
 * On this kind of machine a round trip, not the query, is what costs (the write wakes the database's
 * thread and the writer is preempted). Every statement keeps its own placeholders, escaped by the
 * driver, and its own result; if the packet fails (the database stops at the first error) each
 * statement is run again alone, so one bad read fails alone.
 */
export class ReadBatcher {
  private readonly queue: TurnBatches<Pending>;
  /** Packets sent and statements carried, for the tests and the bench. */
  readonly stats = { packets: 0, statements: 0, largestPacket: 0 };

  constructor(
    private readonly send: SendPacket,
    maxInFlight = READ_PACKETS_IN_FLIGHT,
    maxPerPacket = MAX_READS_PER_PACKET,
  ) {
    // A read leaves as soon as the code that asked for it is done (no wait for the next turn, which under
    // HTTP load would put every other request's work first); reads that wait for a connection still gather.
    this.queue = new TurnBatches((reads) => this.flush(reads), maxInFlight, maxPerPacket, { defer: process.nextTick });
  }

  query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => this.queue.push({ sql, params, resolve: resolve as (rows: unknown[]) => void, reject }));
  }

  private flush(reads: Pending[]): Promise<void> {
    this.stats.packets++;
    this.stats.statements += reads.length;
    this.stats.largestPacket = Math.max(this.stats.largestPacket, reads.length);
    const sql = reads.length === 1 ? reads[0].sql : reads.map((r) => r.sql).join(';\n');
    const params = reads.length === 1 ? reads[0].params : reads.flatMap((r) => r.params);
    return new Promise<void>((sent) =>
      this.send(sql, params, (error, result) => {
        sent();
        if (!error && reads.length === 1) reads[0].resolve(result as unknown[]);
        else if (!error) reads.forEach((r, i) => r.resolve((result as unknown[][])[i]));
        else if (reads.length === 1) reads[0].reject(error);
        else for (const r of reads) this.send(r.sql, r.params, (e, rows) => (e ? r.reject(e) : r.resolve(rows as unknown[])));
      }),
    );
  }
}

/**
 * The pool options the MySQL data source was configured with (`dataSourceOptions`: URL, time zone,
 * charset, keep-alive, connect timeout), for a small pool of a module's own with `connections`
 * connections. Big numbers come back as strings, as TypeORM asks of the driver by default.
 */
export function mysqlPoolOptions(dataSource: DataSource, connections: number, extra: PoolOptions = {}): PoolOptions {
  const {
    url,
    timezone,
    charset,
    extra: configured,
  } = dataSource.options as { url?: string; timezone?: string; charset?: string; extra?: PoolOptions };
  return {
    uri: url,
    timezone,
    charset,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ...configured,
    connectionLimit: connections,
    ...extra,
  };
}

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
}

/**
 * Raw reads of the hot paths (a rejoin, the ticket list, the handshake's account lookup). On MySQL
 * they go through a `ReadBatcher` on a pool of their own (the driver's callback API: no promise
 * wrapper capturing a stack trace per query); on the embedded SQLite through TypeORM, one by one.
 * Only for autocommit reads outside any transaction: each statement sees what was committed before
 * it ran, as `dataSource.query` does.
 */
@Injectable()
export class SqlReads implements OnApplicationShutdown {
  private pool: Pool | null = null;
  private closed = false;
  private readonly batcher: ReadBatcher | null;

  constructor(private readonly dataSource: DataSource) {
    this.batcher = isMysql(dataSource)
      ? new ReadBatcher((sql, params, done) => {
          // After shutdown a late read fails as a stopped database does (mapped to 503), never reopens the pool.
          if (this.closed) return done(new Error('Pool is closed'));
          // A connection taken and released by hand: with the pool's own query() the young-generation
          // collections took three times as long under the list's load and its p99 doubled (measured).
          this.connections().getConnection((e, connection) => {
            if (e) return done(e);
            connection.query(sql, params, (error, result) => {
              connection.release();
              done(error, result);
            });
          });
        })
      : null;
  }

  get stats() {
    return this.batcher?.stats ?? null;
  }

  query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.batcher ? this.batcher.query<T>(sql, params) : (this.dataSource.query(sql, params) as Promise<T[]>);
  }

  private connections(): Pool {
    this.pool ??= createPool(mysqlPoolOptions(this.dataSource, READ_PACKETS_IN_FLIGHT, { multipleStatements: true }));
    return this.pool;
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.closed = true;
    this.pool = null;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }
}

@Global()
@Module({ providers: [SqlReads], exports: [SqlReads] })
export class SqlReadsModule {}
