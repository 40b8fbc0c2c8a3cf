import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { seedDemoDocuments } from '../../src/demo/documents.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { openDatabase } from '../../src/infra/db/database.js';

/**
 * Runs once before the unit tests: one database migrated and filled with the demo city (with its
 * files), which every test app that wants the demo starts as a copy of — a PostgreSQL template
 * database, or a PGlite dump. Seeding the demo (its public notices are real PDFs) costs seconds;
 * copying it costs a fraction of that, for each of the test files.
 */

export interface DemoTemplate {
  /** PostgreSQL: the template database's name on the server of DATABASE_URL. */
  database?: string;
  /** PGlite: a dump of the data directory. */
  dump?: string;
  /** The demo's stored files, copied into each test app's data folder. */
  files: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: DemoTemplate;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-template-'));
  const serverUrl = process.env.DATABASE_URL;
  let database: string | undefined;
  let dump: string | undefined;
  if (serverUrl) {
    database = `beirat_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    await handle.migrate();
    await seedDemoData(handle.db);
    await seedDemoDocuments(handle.db, folder, { minutesPerCouncil: 1 });
    // A template database must have no connections when it is copied.
    await handle.close();
  } else {
    const handle = await openDatabase({});
    await handle.migrate();
    await seedDemoData(handle.db);
    await seedDemoDocuments(handle.db, folder, { minutesPerCouncil: 1 });
    const blob = await (handle.db as unknown as { $client: { dumpDataDir(compression: 'none'): Promise<Blob> } }).$client.dumpDataDir('none');
    dump = path.join(folder, 'pglite.tar');
    fs.writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
    await handle.close();
  }
  project.provide('demoTemplate', { database, dump, files: path.join(folder, 'files') });
  return async () => {
    if (database && serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
