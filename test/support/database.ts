import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/infra/db/database.js';
import type { DemoTemplate } from './template.js';

/**
 * A migrated database for one test file, empty or (with `template`) a copy of the seeded demo: in-memory PGlite by default, or a fresh database
 * on the PostgreSQL server named by DATABASE_URL (dropped again on close), so the same suite runs
 * against both engines.
 */
export async function openTestDatabase(options: { template?: DemoTemplate } = {}): Promise<DatabaseHandle & { url: string | undefined }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dump = options.template?.dump;
    const handle = await openDatabase(dump ? { loadDataDir: new Blob([fs.readFileSync(dump)]) } : {});
    await handle.migrate();
    return Object.assign(handle, { url: undefined });
  }
  const name = `beirat_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(options.template?.database ? `create database ${name} template ${options.template.database}` : `create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await handle.migrate();
  const close = handle.close.bind(handle);
  return Object.assign(handle, {
    url: url.toString(),
    async close() {
      await close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  });
}
