import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { seedDemoDocuments } from '../../src/demo/documents.js';
import { seedDemoData } from '../../src/demo/seed.js';
import type { DatabaseHandle } from '../../src/infra/db/database.js';
import { openTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a test database, with the demo data unless `demo: false`. */
export async function createTestApp(options: { demo?: boolean; now?: Date; baseUrl?: string } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beirat-test-'));
  if (options.demo !== false) {
    await seedDemoData(database.db, options.now ? { now: options.now } : {});
    await seedDemoDocuments(database.db, dataDir, { minutesPerCouncil: 1 });
  }
  const config: Config = { ...loadConfig({ DATA_DIR: dataDir, BASE_URL: options.baseUrl ?? 'http://beirat.test' }), logLevel: 'silent' };
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
