import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { fromRoot } from '../paths.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type the app codes against, whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Human-readable location for logs, without credentials. */
  describe: string;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** Receives what `pg_notify(channel, …)` announces, from this and every other instance on the database. */
  listen(channel: string, handlers: ListenHandlers): Promise<Listener>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  message(payload: string): void;
  /** The connection was (re)established or lost: announcements may have been missed meanwhile. */
  reset(): void;
}

export interface Listener {
  /** False while the connection is down: nothing can be trusted to be announced. */
  readonly healthy: boolean;
  /** Resolves once every announcement committed before the call has been handed to `message`. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fromRoot('drizzle');

/** Sees every query the app sends through Drizzle: tests count them per page, diagnostics explain them. */
export const queryObserver: { current: ((query: string, params: unknown[]) => void) | undefined } = { current: undefined };
const logger = {
  logQuery(query: string, params: unknown[]) {
    queryObserver.current?.(query, params);
  },
};

// A constant key: every Beirat instance on one PostgreSQL server migrates one at a time.
const MIGRATION_LOCK_KEY = 0x62656972; // "beir"

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; undefined with no databaseUrl means in memory (tests). */
  dataDir?: string | undefined;
  /** An in-memory database starts as a copy of this dump (PGlite's dumpDataDir): tests start from a seeded template. */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Idle clients can fail (server restart); without a listener that error would crash the process.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema, casing: 'snake_case', logger }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    describe: redact(url),
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema, casing: 'snake_case' }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    listen: (channel, handlers) => listenPostgres(url, channel, handlers),
    async close() {
      await pool.end();
    },
  };
}

/**
 * A connection of its own that only listens, reconnecting with growing pauses when it drops. Its
 * `sync` sends a query on that connection: PostgreSQL delivers every notification committed before
 * the query ahead of the query's answer.
 */
async function listenPostgres(url: string, channel: string, handlers: ListenHandlers): Promise<Listener> {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`Invalid channel name ${channel}`);
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void connect(), Math.min(30_000, 250 * 2 ** failures++));
    timer.unref();
  };
  const connect = async () => {
    const candidate = new pg.Client({ connectionString: url });
    candidate.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) handlers.message(n.payload);
    });
    candidate.on('error', () => {});
    candidate.on('end', () => {
      if (client !== candidate) return;
      client = undefined;
      handlers.reset();
      schedule();
    });
    try {
      await candidate.connect();
      await candidate.query(`listen ${channel}`);
    } catch {
      await candidate.end().catch(() => {});
      schedule();
      return;
    }
    if (closed) return void (await candidate.end().catch(() => {}));
    client = candidate;
    failures = 0;
    handlers.reset();
  };
  await connect();
  return {
    get healthy() {
      return client !== undefined;
    },
    async sync() {
      await client?.query('select 1').catch(() => {});
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (dataDir) {
    lock = lockDataDir(dataDir);
    try {
      client = await PGlite.create(path.join(dataDir, 'pglite'));
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create(loadDataDir ? { loadDataDir } : {});
  }
  const pglite = drizzlePglite(client, { schema, casing: 'snake_case', logger });
  const db = pglite as unknown as Database;
  return {
    db,
    kind: 'pglite',
    describe: dataDir ? `embedded PostgreSQL (PGlite) in ${path.join(dataDir, 'pglite')}` : 'embedded PostgreSQL (PGlite) in memory',
    async migrate() {
      await migratePglite(pglite, { migrationsFolder });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    // One connection in one process: notifications arrive with the answer to the committing query.
    async listen(channel, handlers) {
      const unlisten = await client.listen(channel, (payload) => handlers.message(payload));
      return {
        healthy: true,
        async sync() {},
        async close() {
          if (!client.closed) await unlisten();
        },
      };
    },
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
